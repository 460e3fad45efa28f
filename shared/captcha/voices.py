"""Builds the French voice library of the audio CAPTCHA with espeak-ng.

``python -m shared.captcha.voices OUTPUT_DIR`` writes one folder per digit (``0`` … ``9``), each
holding a few spoken variants, in the only format ``captcha.audio`` mixes correctly: mono,
8-bit unsigned PCM at ``WAVE_SAMPLE_RATE`` (8 kHz). The library reads raw frames without looking
at the header, so any other format would play as noise. Conversion is pure Python (no audioop,
deprecated since Python 3.11 and removed in 3.13). Running it again skips existing files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from captcha.audio import WAVE_SAMPLE_RATE

DIGIT_WORDS = {
    "0": "zéro",
    "1": "un",
    "2": "deux",
    "3": "trois",
    "4": "quatre",
    "5": "cinq",
    "6": "six",
    "7": "sept",
    "8": "huit",
    "9": "neuf",
}
SILENCE_THRESHOLD = 0.02  # of full scale: what counts as silence when trimming
PEAK = 0.9  # normalised peak, leaving head-room for captcha.audio's volume changes


@dataclass(frozen=True)
class Variant:
    """One way of saying every digit: espeak-ng voice, speed (words per minute) and pitch (0-99)."""

    name: str
    voice: str
    speed: int
    pitch: int


VARIANTS = (
    Variant("a", "fr", 140, 50),
    Variant("b", "fr+f3", 150, 65),
    Variant("c", "fr+m3", 125, 35),
)


class VoicesError(RuntimeError):
    """The voice library cannot be built (espeak-ng missing or failing)."""


def voice_files(directory: Path) -> list[Path]:
    """Every file a complete library holds."""
    return [
        directory / digit / f"{variant.name}.wav" for digit in DIGIT_WORDS for variant in VARIANTS
    ]


def build_voices(directory: Path, *, espeak: str | None = None) -> bool:
    """Write the missing voice files into ``directory``; ``False`` when nothing was missing."""
    missing = [path for path in voice_files(directory) if not path.is_file()]
    if not missing:
        return False
    program = espeak or shutil.which("espeak-ng")
    if program is None:
        raise VoicesError(
            "espeak-ng est introuvable : installez-le (apt-get install espeak-ng) "
            "pour construire les voix du CAPTCHA audio."
        )
    variants = {variant.name: variant for variant in VARIANTS}
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "espeak.wav"
        for path in missing:
            _synthesise(program, variants[path.stem], DIGIT_WORDS[path.parent.name], raw)
            _write_voice(path, _convert(raw))
    return True


def _synthesise(program: str, variant: Variant, word: str, output: Path) -> None:
    """Have espeak-ng say ``word`` into ``output`` (its native 22.05 kHz 16-bit WAV)."""
    command = [
        program,
        "-v",
        variant.voice,
        "-s",
        str(variant.speed),
        "-p",
        str(variant.pitch),
        "-w",
        str(output),
        word,
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise VoicesError(f"espeak-ng n'a pas pu prononcer « {word} » : {exc}") from exc


def _convert(source: Path) -> bytes:
    """Mono 8-bit unsigned frames at the CAPTCHA's rate, trimmed and normalised."""
    samples, rate = _read_mono(source)
    samples = _normalise(_resample(_trim_silence(samples), rate, WAVE_SAMPLE_RATE))
    return bytes(max(0, min(255, round(128 + s * 127))) for s in samples)


def _read_mono(path: Path) -> tuple[list[float], int]:
    """Samples in [-1, 1], channels averaged, from an 8- or 16-bit PCM WAV."""
    with wave.open(str(path), "rb") as wav:
        width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
        frames = wav.readframes(wav.getnframes())
    if width == 2:
        pcm = array("h")
        pcm.frombytes(frames[: len(frames) // 2 * 2])
        if sys.byteorder == "big":  # WAV is little-endian
            pcm.byteswap()
        values = [v / 32768 for v in pcm]
    elif width == 1:
        values = [(v - 128) / 128 for v in frames]
    else:
        raise VoicesError(f"Format WAV non pris en charge ({width * 8} bits) : {path}")
    mono = [sum(values[i : i + channels]) / channels for i in range(0, len(values), channels)]
    return mono, rate


def _trim_silence(samples: list[float]) -> list[float]:
    """Drop leading and trailing silence: captcha.audio inserts its own random pauses."""
    loud = [i for i, s in enumerate(samples) if abs(s) > SILENCE_THRESHOLD]
    return samples[loud[0] : loud[-1] + 1] if loud else samples


def _resample(samples: list[float], source_rate: int, target_rate: int) -> list[float]:
    """Area-average resampling: each output sample is the mean of the input it covers.

    Averaging acts as a crude low-pass filter, enough to keep aliasing out of speech.
    """
    if source_rate == target_rate or not samples:
        return list(samples)
    ratio = source_rate / target_rate
    count = int(len(samples) / ratio)
    out = []
    for i in range(count):
        start = int(i * ratio)
        window = samples[start : max(start + 1, int((i + 1) * ratio))]
        out.append(sum(window) / len(window))
    return out


def _normalise(samples: list[float]) -> list[float]:
    """Scale to the same peak so that every digit is equally loud."""
    peak = max((abs(s) for s in samples), default=0.0)
    return [s * PEAK / peak for s in samples] if peak else samples


def _write_voice(path: Path, frames: bytes) -> None:
    """Write atomically, so an interrupted build never leaves a truncated file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".wav.part")
    with wave.open(str(partial), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(WAVE_SAMPLE_RATE)
        wav.writeframes(frames)
    os.replace(partial, path)


def main(argv: list[str] | None = None) -> int:
    """Command line: build the library into OUTPUT_DIR, or explain in French why it cannot."""
    parser = argparse.ArgumentParser(
        prog="python -m shared.captcha.voices",
        description="Construit la bibliothèque de voix françaises du CAPTCHA audio (espeak-ng).",
    )
    parser.add_argument("output_dir", type=Path, metavar="OUTPUT_DIR")
    args = parser.parse_args(argv)
    try:
        built = build_voices(args.output_dir)
    except VoicesError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    state = "construite" if built else "déjà complète, rien à faire"
    print(f"Bibliothèque de voix du CAPTCHA {state} : {args.output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
