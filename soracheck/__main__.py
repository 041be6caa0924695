"""python -m soracheck"""

from soracheck.cli import app

app(prog_name="soracheck")
