"""One module per pane. Each pane subscribes to the app's state_changed signal
and redraws from (state, trace) only when what it shows has changed."""
