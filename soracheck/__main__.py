"""The ``soracheck`` console script and ``python -m soracheck``."""

import gc
import os
import sys


def main() -> None:
    # A run builds large, acyclic data (YAML nodes, the storyboard, thousands of findings) and ends.
    # Under the default thresholds the cycle collector rescans all of it again and again, a third of
    # the time on a 5,000-shot file; collect rarely instead. Start-up objects (pydantic, our models
    # and rules) live as long as the process: build them with the collector paused and
    # freeze them out of its sight. Only the start-up modules are imported here; langgraph, openai,
    # av and skimage stay inside their commands.
    gc.disable()
    # pydantic looks for its plugins (observability hooks) in every installed package's metadata the
    # first time it builds a validator: a scan of the whole environment that soracheck's own models
    # have no use for. A user who sets the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    import soracheck.project  # noqa: F401 - the models and rules every text command uses
    from soracheck.cli import run

    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    gc.enable()
    try:
        sys.exit(run())
    except BrokenPipeError:
        # The reader went away (``soracheck lint … | head``): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
