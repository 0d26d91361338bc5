"""The built-in renderer: composed ad drafts drawn with Pillow, no key needed."""

from .colour import colour_rgb
from .plan import STYLES, plan_for
from .renderer import LocalRenderer, render

__all__ = ["STYLES", "LocalRenderer", "colour_rgb", "plan_for", "render"]
