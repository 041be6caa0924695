"""Director notes → edit plans → storyboard diffs: operations, interpreters and the LangGraph agent."""
