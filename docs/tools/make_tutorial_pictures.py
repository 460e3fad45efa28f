"""Draw the placeholder pictures of the online tutorials (idp/static/tutoriels/*.png).

Each picture is a 640×360 stylised browser window showing the screen a tutorial step refers to:
its title, a few grey form bars and a blue button. They stand in until the browser tests provide
real screenshots. Run from the repository root:

    .venv/bin/python docs/tools/make_tutorial_pictures.py [output directory]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 640, 360
MAX_BYTES = 40 * 1024

BLUE = (0, 0, 145)           # bleu France, as the portal header
PAGE = (243, 243, 246)       # page background
CARD = (255, 255, 255)
BORDER = (214, 214, 220)
BAR = (221, 221, 226)        # grey form bars
LABEL = (150, 150, 158)
TEXT = (22, 22, 22)
CHROME = (226, 228, 234)     # browser frame
CHROME_DARK = (190, 193, 202)
LIGHT_BLUE = (232, 237, 255)
DOTS = ((232, 87, 74), (240, 180, 41), (72, 180, 97))

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
OUT_DIR = Path(__file__).resolve().parents[2] / "idp" / "static" / "tutoriels"


@dataclass(frozen=True)
class Screen:
    filename: str
    title: str
    fields: int          # number of labelled grey input bars
    button: str          # text of the blue button ("" for none)
    tiles: bool = False  # home page: 2×2 tiles instead of a form
    notice: str = ""     # a message box instead of (or above) the form


SCREENS = (
    Screen("identifiant.png", "Accès au portail Élections", 2, "CONNEXION"),
    Screen("mail.png", "Accès au portail Élections", 0, "",
           notice="Un mail vient de vous être envoyé"),
    Screen("mot-de-passe.png", "Initialisation du mot de passe Élections", 2, "VALIDER"),
    Screen("question-defi.png", "Choix de la Question défi", 3, "ACTIVER SON COMPTE"),
    Screen("accueil.png", "Bienvenue sur votre portail Élections", 0, "", tiles=True),
)


def font(size: int, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    try:
        return ImageFont.load_default(size=size)  # Pillow >= 10.1
    except TypeError:
        return ImageFont.load_default()


def text_width(draw: ImageDraw.ImageDraw, text: str, face) -> int:
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=face)
    return right - left


def fit(draw: ImageDraw.ImageDraw, text: str, size: int, max_width: int, bold: bool = True):
    """The largest font (down to 10 px) in which ``text`` fits in ``max_width``."""
    while size > 10 and text_width(draw, text, font(size, bold)) > max_width:
        size -= 1
    return font(size, bold)


def browser_frame(draw: ImageDraw.ImageDraw) -> tuple[int, int, int, int]:
    """Draw the window chrome; return the page area (left, top, right, bottom)."""
    draw.rounded_rectangle((8, 8, WIDTH - 9, HEIGHT - 9), radius=10, fill=CHROME, outline=CHROME_DARK)
    for i, colour in enumerate(DOTS):
        x = 26 + i * 18
        draw.ellipse((x - 5, 22 - 5, x + 5, 22 + 5), fill=colour)
    draw.rounded_rectangle((90, 13, WIDTH - 24, 31), radius=9, fill=CARD, outline=CHROME_DARK)
    draw.text((102, 15), "https://elections.example.fr/", font=font(11), fill=LABEL)
    return 14, 40, WIDTH - 15, HEIGHT - 15


def header(draw: ImageDraw.ImageDraw, area: tuple[int, int, int, int]) -> int:
    left, top, right, _bottom = area
    bottom = top + 40
    draw.rectangle((left, top, right, bottom), fill=BLUE)
    # bloc-marque: white cartouche with a tricolour stripe
    draw.rectangle((left + 10, top + 7, left + 58, bottom - 7), fill=CARD)
    for i, colour in enumerate((BLUE, CARD, (225, 0, 15))):
        draw.rectangle((left + 15 + i * 6, top + 11, left + 20 + i * 6, top + 13), fill=colour)
    draw.rectangle((left + 15, top + 11, left + 32, top + 13), outline=(204, 204, 204))
    for i in range(3):
        draw.rectangle((left + 15, top + 17 + i * 5, left + 50 - i * 6, top + 19 + i * 5), fill=TEXT)
    draw.text((left + 70, top + 6), "Élections professionnelles", font=font(13, True), fill=CARD)
    draw.text((left + 70, top + 22), "Portail Élections", font=font(10), fill=CARD)
    draw.text((right - 70, top + 14), "AIDE/FAQ", font=font(10, True), fill=CARD)
    return bottom


def button(draw: ImageDraw.ImageDraw, right: int, bottom: int, label: str) -> None:
    face = font(11, True)
    width = text_width(draw, label, face) + 28
    box = (right - width, bottom - 28, right, bottom)
    draw.rounded_rectangle(box, radius=3, fill=BLUE)
    draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), label, font=face, fill=CARD, anchor="mm")


def draw_form(draw: ImageDraw.ImageDraw, screen: Screen, area: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = area
    side = right - 150
    card = (left + 16, top + 14, side - 12, bottom - 14)
    draw.rounded_rectangle(card, radius=4, fill=CARD, outline=BORDER)
    # instructions column
    draw.rounded_rectangle((side, top + 14, right - 16, top + 140), radius=4, fill=LIGHT_BLUE)
    draw.rectangle((side, top + 14, side + 3, top + 140), fill=BLUE)
    for i, w in enumerate((100, 110, 80, 104, 60)):
        draw.rounded_rectangle((side + 14, top + 30 + i * 20, side + 14 + w, top + 37 + i * 20),
                               radius=3, fill=(186, 194, 230))

    x0, x1 = card[0] + 20, card[2] - 20
    face = fit(draw, screen.title, 19, x1 - x0)
    draw.text((x0, card[1] + 18), screen.title, font=face, fill=BLUE)
    y = card[1] + 58
    if screen.notice:
        box = (x0, y, x1, y + 64)
        draw.rounded_rectangle(box, radius=4, fill=LIGHT_BLUE, outline=BLUE)
        draw.rectangle((box[0], box[1], box[0] + 5, box[3]), fill=BLUE)
        draw.ellipse((x0 + 16, y + 22, x0 + 36, y + 42), fill=BLUE)
        draw.text((x0 + 26, y + 32), "i", font=font(13, True), fill=CARD, anchor="mm")
        draw.text((x0 + 48, y + 32), screen.notice, font=fit(draw, screen.notice, 14, x1 - x0 - 60),
                  fill=TEXT, anchor="lm")
        for i, w in enumerate((0.9, 0.75, 0.5)):
            bar_y = y + 90 + i * 22
            draw.rounded_rectangle((x0, bar_y, x0 + int((x1 - x0) * w), bar_y + 8), radius=4, fill=BAR)
    if screen.fields:
        # spread the fields over the room left above the buttons (row of 28 px + margin)
        room = card[3] - 16 - 28 - 14 - y
        step = min(56, room // screen.fields)
        bar = min(26, step - 20)
        for _ in range(screen.fields):
            draw.rounded_rectangle((x0, y, x0 + 110, y + 7), radius=3, fill=LABEL)
            draw.rounded_rectangle((x0, y + 13, x1, y + 13 + bar), radius=3, fill=(250, 250, 252),
                                   outline=BAR)
            draw.line((x0, y + 13 + bar, x1, y + 13 + bar), fill=LABEL, width=2)
            y += step
    if screen.button:
        button(draw, x1, card[3] - 16, screen.button)
        face = font(11, True)
        width = text_width(draw, "RETOUR", face) + 28
        back = (x0, card[3] - 44, x0 + width, card[3] - 16)
        draw.rounded_rectangle(back, radius=3, fill=CARD, outline=BLUE, width=2)
        draw.text(((back[0] + back[2]) / 2, (back[1] + back[3]) / 2), "RETOUR", font=face,
                  fill=BLUE, anchor="mm")


def draw_tiles(draw: ImageDraw.ImageDraw, screen: Screen, area: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = area
    x0, x1 = left + 16, right - 16
    draw.text((x0, top + 10), screen.title, font=fit(draw, screen.title, 17, x1 - x0), fill=BLUE)
    grid_top = top + 40
    gap = 10
    col = (x1 - x0 - gap) // 2
    row = (bottom - 12 - grid_top - gap) // 2
    headings = ("Mes informations pratiques", "Mes scrutins", "Mon Compte", "Je Vote")
    for index, heading in enumerate(headings):
        cx = x0 + (index % 2) * (col + gap)
        cy = grid_top + (index // 2) * (row + gap)
        draw.rectangle((cx, cy, cx + col, cy + row), fill=CARD, outline=BORDER)
        draw.rectangle((cx, cy, cx + col, cy + 3), fill=BLUE)
        draw.text((cx + 12, cy + 10), heading, font=font(12, True), fill=BLUE)
        draw.rectangle((cx + 12, cy + 28, cx + 32, cy + 29), fill=BLUE)
        if heading == "Je Vote":
            for i, unit in enumerate(("Jour(s)", "Heure(s)", "Minute(s)")):
                bx = cx + col // 2 - 84 + i * 58
                draw.rounded_rectangle((bx, cy + 35, bx + 50, cy + 63), radius=3, fill=BLUE)
                draw.text((bx + 25, cy + 49), ("12", "07", "45")[i], font=font(16, True), fill=CARD,
                          anchor="mm")
                draw.text((bx + 25, cy + 72), unit, font=font(9), fill=TEXT, anchor="mm")
            draw.rounded_rectangle((cx + 24, cy + row - 13, cx + col - 24, cy + row - 8), radius=3,
                                   fill=BAR)
        else:
            for i in range(3 if index == 0 else 2):
                ly = cy + 40 + i * 18
                draw.text((cx + 12, ly - 2), ">", font=font(11, True), fill=BLUE)
                draw.rounded_rectangle((cx + 26, ly + 2, cx + 26 + (150 - i * 25), ly + 8), radius=3,
                                       fill=BAR)


def picture(screen: Screen) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), CARD)
    draw = ImageDraw.Draw(image)
    area = browser_frame(draw)
    draw.rectangle(area, fill=PAGE)
    top = header(draw, area)
    page = (area[0], top, area[2], area[3])
    if screen.tiles:
        draw_tiles(draw, screen, page)
    else:
        draw_form(draw, screen, page)
    return image


def save(image: Image.Image, path: Path) -> int:
    # Few flat colours: a palette PNG keeps each file small.
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{path} is {size} bytes, more than {MAX_BYTES}")
    return size


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    for screen in SCREENS:
        size = save(picture(screen), out / screen.filename)
        print(f"{out / screen.filename}: {size} bytes")


if __name__ == "__main__":
    main(sys.argv)
