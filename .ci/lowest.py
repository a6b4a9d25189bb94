"""Print requirements.txt with every lower bound turned into an exact pin.

CI installs this in a second venv on the oldest Python the project claims, so the floors in
requirements.txt are the versions CI proves, not hopes. A requirement without a lower bound is
an error: it would float to the newest release and prove nothing. Included files (``-r``, the
classroom tools) are left out: this job deselects their tests (``-m "not classroom"``).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SPEC = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)\s*(.*)$")


def pinned(line):
    """'numpy>=1.24' -> 'numpy==1.24'; other specifiers of the line are dropped."""
    name, specs = SPEC.match(line).groups()
    floors = [s.strip()[2:].strip() for s in specs.split(",") if s.strip().startswith(">=")]
    if len(floors) != 1:
        raise SystemExit(f"requirements.txt: {line!r} needs exactly one '>=' lower bound")
    return f"{name}=={floors[0]}"


def main(path=ROOT / "requirements.txt"):
    out = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r"):
            continue  # the classroom tools: their own floors, proven by the main job only
        out.append(line if line.startswith("-") else pinned(line))
    print("\n".join(out))


if __name__ == "__main__":
    main(*map(pathlib.Path, sys.argv[1:]))
