"""The three online tutorials of the portal, as data: each step has a title, a text and a picture."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    picture: str  # idp/static/tutoriels/, cut from the browser tests' screenshots of that very screen


@dataclass(frozen=True)
class Tutorial:
    slug: str
    title: str
    intro: str
    steps: tuple[Step, ...]


TUTORIALS = {t.slug: t for t in (
    Tutorial("parcours-electeur", "Parcours électeur",
             "Accéder au portail Élections et activer votre compte.", (
                 Step("Saisir votre identifiant",
                      "Votre identifiant est votre adresse électronique académique "
                      "(prénom.nom@ac-….fr). Recopiez le CAPTCHA : vous pouvez générer un autre "
                      "code ou l'écouter.", "identifiant.png"),
                 Step("Ouvrir le lien reçu par mail",
                      "Lors de votre premier accès, un mail contenant un lien à usage unique est "
                      "envoyé sur votre messagerie professionnelle.", "mail.png"),
                 Step("Choisir votre mot de passe Élections",
                      "Entre 12 et 256 caractères, avec au moins une minuscule et une majuscule "
                      "non accentuées, un chiffre et un caractère spécial.", "mot-de-passe.png"),
                 Step("Choisir votre question défi",
                      "Choisissez une question et saisissez deux fois votre réponse secrète, puis "
                      "cliquez sur ACTIVER SON COMPTE. Elle vous servira pour un réassort de votre "
                      "code de vote.", "question-defi.png"),
             )),
    Tutorial("parcours-de-vote", "Parcours de vote",
             "Voter pendant la période d'ouverture du scrutin.", (
                 Step("Se connecter au portail",
                      "Saisissez votre identifiant, le CAPTCHA, puis votre mot de passe Élections.",
                      "connexion.png"),
                 Step("Accéder à l'espace de vote",
                      "Dans le pavé « Je Vote », cliquez sur « Consulter les scrutins, les "
                      "candidatures et voter ».", "accueil.png"),
                 Step("Saisir votre code de vote",
                      "Votre code de vote figure sur votre notice de vote papier.", "code-de-vote.png"),
                 Step("Voter scrutin par scrutin",
                      "Choix scrutin, constitution du bulletin, vote, puis accusé de réception à "
                      "conserver.", "bulletin.png"),
             )),
    Tutorial("reassorts", "Réassorts",
             "Obtenir un nouveau mot de passe Élections ou un nouveau code de vote.", (
                 Step("Mot de passe Élections oublié",
                      "Sur la page de saisie du mot de passe, cliquez sur « Besoin du réassort de "
                      "votre mot de passe Élections ? » : un lien vous est envoyé par mail.",
                      "connexion.png"),
                 Step("Code de vote perdu : question défi",
                      "Répondez à votre question défi, saisissez votre NUMEN ou les 10 premiers "
                      "chiffres de votre n° de sécurité sociale, et recevez un lien par SMS ou sur "
                      "votre messagerie personnelle.", "reassort-question-defi.png"),
                 Step("Code de vote perdu : FranceConnect",
                      "Identifiez-vous avec FranceConnect : le lien est envoyé à l'adresse "
                      "électronique connue de FranceConnect.", "reassort-franceconnect.png"),
                 Step("Régénérer le code",
                      "Le nouveau code ne s'affiche que pendant 120 secondes : munissez-vous de "
                      "quoi le noter avant de cliquer.", "nouveau-code.png"),
             )),
)}
