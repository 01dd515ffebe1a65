"""Where the workbench keeps things on a server: the writer's drafts and the office library.

This layer touches the file system and nothing above it: no widgets, no CLI. The core
stays pure; the UI and the `workbench hub` commands are adapters over these modules.
"""

from __future__ import annotations

from .drafts import DraftStore as DraftStore
from .drafts import StoredDraft as StoredDraft
from .drafts import hub_user as hub_user
from .office import OfficeLibrary as OfficeLibrary
from .office import office_library as office_library

__all__ = ["DraftStore", "OfficeLibrary", "StoredDraft", "hub_user", "office_library"]
