"""The challenge questions a voter can choose from ("Question défi")."""

QUESTIONS = {
    "voiture": "Quelle était la marque de votre première voiture ?",
    "football": "Quelle est votre équipe de football préférée ?",
    "ecole": "Quel est le nom de votre école primaire ?",
    "animal": "Quel était le nom de votre premier animal de compagnie ?",
    "ville": "Dans quelle ville vos parents se sont-ils rencontrés ?",
    "livre": "Quel est le titre de votre livre préféré ?",
}
