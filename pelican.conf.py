"""Pelican settings for the Chronicle site. Build with: make html (pelican -s pelican.conf.py)."""

SITENAME = "Chronicle"
SITESUBTITLE = "A timeline of incidents, built from news reports and checked by editors"
SITEURL = ""  # set to the public address (no trailing slash) when publishing
DEFAULT_LANG = "en"
TIMEZONE = "UTC"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["chronicle"]

# Chronicle renders content/ itself; Pelican's own articles and pages are not used.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Chronicle writes only files whose content changed, removes files it no longer makes, and copies
# theme/static itself: deleting output/ or letting Pelican copy would rewrite every file each build.
DELETE_OUTPUT_DIRECTORY = False
THEME_STATIC_PATHS = []
RELATIVE_URLS = True

# Escape everything by default: article text must never become markup.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                     "extensions": []}

# Chronicle's own settings.
CHRONICLE_SEEDS = "seeds"
CHRONICLE_EXTRACT_ON_BUILD = True  # make html extracts new seeds first
CHRONICLE_TIMELINE_RECENT = 100  # incidents on the home page; the rest are in the archives
CHRONICLE_PUBLISH_DRAFTS = True  # False: draft incidents (and actors and places only drafts name) stay off the site
CHRONICLE_PUBLISH_NOTES = True  # False: editors' notes (possible duplicates, seed disagreements) stay off the site
CHRONICLE_FEED_ENTRIES = 50  # newest incidents in each Atom feed (the site's, each actor's, each place's)
# The licence the data (downloads, feeds) is published under: shown on the Downloads page and written
# into every data file's metadata. Leave empty to publish without one (the page then says so).
CHRONICLE_DATA_LICENSE = "CC BY 4.0"
CHRONICLE_DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
