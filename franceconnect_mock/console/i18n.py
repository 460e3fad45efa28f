"""The console's labels in French and English (``?lang=en``, kept in a cookie)."""

from __future__ import annotations

from flask import request

COOKIE = "fc-console-lang"
LABELS: dict[str, tuple[str, str]] = {
    "console": ("Console intégrateur", "Integrator console"),
    "open": ("Mode développement : console ouverte sans mot de passe.",
             "Development mode: the console is open, no password."),
    "clients": ("Clients (fournisseurs de service)", "Clients (service providers)"),
    "new_client": ("Enregistrer un client", "Register a client"),
    "edit": ("Modifier", "Edit"), "save": ("Enregistrer", "Save"), "delete": ("Supprimer", "Delete"),
    "report": ("Rapport", "Report"), "journal": ("Journal des requêtes", "Request log"),
    "identities": ("Identités fictives", "Fictitious identities"),
    "keys": ("Clés de signature", "Signing keys"),
    "clock": ("Horloge du simulateur", "Mock clock"), "rotate": ("Faire tourner les clés", "Rotate keys"),
    "offset": ("Décalage (secondes)", "Offset (seconds)"), "apply": ("Appliquer", "Apply"),
    "issuer": ("Émetteur", "Issuer"), "platform": ("Plateforme", "Platform"),
    "client_id": ("Identifiant client", "Client ID"), "name": ("Nom du service", "Service name"),
    "redirect_uris": ("URL de retour (une par ligne)", "Redirect URIs (one per line)"),
    "post_logout_redirect_uris": ("URL de retour après déconnexion (une par ligne)",
                                  "Post-logout redirect URIs (one per line)"),
    "scopes": ("Scopes autorisés", "Allowed scopes"), "claims": ("Claims autorisés", "Allowed claims"),
    "signing_alg": ("Algorithme de signature", "Signing algorithm"), "entity_id": ("entityId", "entityId"),
    "kind": ("Type (public : sans consentement, privé : avec)",
             "Type (public: no consent, private: consent)"),
    "auth_method": ("Authentification au /token", "Token endpoint authentication"),
    "jwks_uri": ("jwks_uri (clés du client)", "jwks_uri (client keys)"),
    "encryption_alg": ("Chiffrement FranceConnect+", "FranceConnect+ encryption"),
    "scenario": ("Réponse piégée active", "Active adversarial response"), "none": ("aucune", "none"),
    "enabled": ("Actif", "Enabled"), "new_secret": ("Nouveau secret", "New secret"),
    "secret_once": ("Secret client (affiché une seule fois) :", "Client secret (shown once):"),
    "identity_providers": ("Fournisseurs d'identité (vide : tous)", "Identity providers (empty: all)"),
    "prompts": ("prompt autorisés", "Allowed prompts"), "instance": ("celle de l'instance", "the instance's"),
    "checks": ("Vérifications du client", "Client checks"), "observations": ("Observations", "Observations"),
    "y_codes": ("Codes Y renvoyés", "Y-codes returned"), "status": ("Statut", "Status"),
    "add_identity": ("Créer une identité", "Create an identity"), "login": ("Identifiant", "Login"),
    "password": ("Mot de passe", "Password"), "sign_in": ("Se connecter", "Sign in"),
    "sign_out": ("Se déconnecter", "Sign out"), "all": ("tous", "all"), "filter": ("Filtrer", "Filter"),
    "clear": ("Vider", "Clear"), "back": ("Retour", "Back"),
}


def lang() -> str:
    chosen = request.args.get("lang") or request.cookies.get(COOKIE) or "fr"
    return "en" if chosen == "en" else "fr"


def t(key: str) -> str:
    french, english = LABELS[key]
    return english if lang() == "en" else french
