"""The ``soracheck`` console script and ``python -m soracheck``."""

import gc


def main() -> None:
    # Start-up builds some 150,000 objects (typer, pydantic, our models and rules) that live as long
    # as the process. Left to the cycle collector they are rescanned dozens of times, a fifth of a
    # small run: build them with it paused, then freeze them out of its sight. Only the start-up
    # modules are imported here; langgraph, openai, av and skimage stay inside their commands.
    gc.disable()
    import soracheck.project  # noqa: F401 - the models and rules every text command uses
    from soracheck.cli import app

    gc.freeze()
    gc.enable()
    app(prog_name="soracheck")


if __name__ == "__main__":
    main()
