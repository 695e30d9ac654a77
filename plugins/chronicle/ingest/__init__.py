"""From seeds into content/: matching extraction's drafts against what is known, merging, writing."""
