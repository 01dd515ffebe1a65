"""The pure core: templates, facts, drafts, patterns, the document tree, checks."""
