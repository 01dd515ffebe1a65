"""Text inputs a writer types into, without the widget protocol's echo of every keystroke.

ipywidgets 8 answers each value a browser sends with an `echo_update` carrying the same
value back (so that several views of one widget agree). A dashboard page shows each field
once, and the echo is one message more for every key typed, on the server and in the page;
these fields leave it out. A value the kernel sets itself (a coerced date, 填入示例) still
goes to the browser as an ordinary update, which the page always applies.
"""

from __future__ import annotations

import ipywidgets as w
from traitlets import Unicode


class TypingText(w.Text):
    """A one-line text input whose typed value is not echoed back."""

    value = Unicode(help="String value").tag(sync=True, echo_update=False)


class TypingTextarea(w.Textarea):
    """A multi-line text input whose typed value is not echoed back."""

    value = Unicode(help="String value").tag(sync=True, echo_update=False)
