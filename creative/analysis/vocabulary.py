"""Word lists the rule-based analyzer matches briefs against.

Kept apart from the rules so that teaching the analyzer a new word never touches its logic.
"""

import re

# Heading words of "Key: value" lines and bullets, mapped to the kind of segment they start.
FIELD_KEYS = {
    "product": "product", "products": "product", "product name": "product", "item": "product",
    "product/service": "product", "service": "product", "offering": "product", "app": "product",
    "subject": "product", "what": "product", "advertising": "product",
    "brand": "brand",
    "audience": "audience", "target audience": "audience", "target": "audience",
    "target market": "audience", "target group": "audience", "demographic": "audience",
    "demographics": "audience", "customers": "audience", "who": "audience", "for whom": "audience",
    "selling points": "selling", "selling point": "selling",
    "key selling points": "selling", "usp": "selling", "usps": "selling",
    "benefits": "selling", "key benefits": "selling", "features": "selling",
    "key features": "selling", "key messages": "selling", "key message": "selling",
    "messages": "selling", "message": "selling", "highlights": "selling",
    "emphasis": "selling", "emphasise": "selling", "emphasize": "selling",
    "focus": "selling", "value proposition": "selling",
    "tone": "tone", "tone of voice": "tone", "mood": "tone", "feel": "tone", "vibe": "tone",
    "style": "tone", "look and feel": "tone", "atmosphere": "tone", "personality": "tone",
    "voice": "tone", "aesthetic": "tone",
    "scenarios": "scenario", "scenario": "scenario", "settings": "scenario", "setting": "scenario",
    "scenes": "scenario", "scene": "scenario", "occasions": "scenario", "use cases": "scenario",
    "usage": "scenario", "context": "scenario", "contexts": "scenario", "environment": "scenario",
    "locations": "scenario", "location": "scenario", "where": "scenario",
    "colours": "colour", "colors": "colour", "colour": "colour", "color": "colour",
    "palette": "colour", "colour palette": "colour", "color palette": "colour",
    "colour scheme": "colour", "color scheme": "colour", "brand colours": "colour",
    "brand colors": "colour", "preferred colours": "colour", "preferred colors": "colour",
    "must include": "must", "must show": "must", "must have": "must",
    "must-haves": "must", "must haves": "must", "must-have": "must",
    "include": "must", "required": "must", "mandatory": "must",
    "show": "must", "must": "must", "mandatories": "must",
    "avoid": "avoid", "don't": "avoid", "don'ts": "avoid", "do not": "avoid", "exclude": "avoid",
    "no": "avoid", "no-gos": "avoid", "restrictions": "avoid", "never": "avoid",
    "things to avoid": "avoid", "do not show": "avoid", "don't show": "avoid",
    "language": "language",
}

LANGUAGES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "chinese": "zh", "japanese": "ja", "korean": "ko",
}

# Descriptors a tone is reduced to, keyed by the words briefs use for them.
TONE_WORDS = {
    "premium": "premium", "high-end": "premium", "upscale": "premium", "upmarket": "premium",
    "classy": "premium", "exclusive": "premium", "prestigious": "premium",
    "luxurious": "luxurious", "luxury": "luxurious", "lavish": "luxurious", "opulent": "luxurious",
    "indulgent": "luxurious",
    "playful": "playful", "whimsical": "playful", "cheeky": "playful", "quirky": "playful",
    "light-hearted": "playful", "lighthearted": "playful",
    "fun": "fun", "funny": "fun", "humorous": "fun", "witty": "fun",
    "warm": "warm", "cosy": "warm", "cozy": "warm", "homely": "warm", "heartfelt": "warm",
    "inviting": "warm",
    "tech": "tech", "techy": "tech", "high-tech": "tech", "hi-tech": "tech", "futuristic": "tech",
    "technological": "tech",
    "minimal": "minimal", "minimalist": "minimal", "minimalistic": "minimal", "clean": "minimal",
    "simple": "minimal", "uncluttered": "minimal", "understated": "minimal",
    "energetic": "energetic", "dynamic": "energetic", "lively": "energetic", "exciting": "energetic",
    "high-energy": "energetic", "punchy": "energetic",
    "vibrant": "vibrant", "colourful": "vibrant", "colorful": "vibrant",
    "trustworthy": "trustworthy", "trusted": "trustworthy", "reliable": "trustworthy",
    "reassuring": "trustworthy", "credible": "trustworthy", "secure": "trustworthy",
    "dependable": "trustworthy",
    "friendly": "friendly", "approachable": "friendly", "welcoming": "friendly",
    "bold": "bold", "striking": "bold", "daring": "bold", "confident": "bold", "edgy": "bold",
    "calm": "calm", "serene": "calm", "peaceful": "calm", "relaxing": "calm", "relaxed": "calm",
    "tranquil": "calm", "soothing": "calm", "zen": "calm",
    "fresh": "fresh", "crisp": "fresh", "refreshing": "fresh", "airy": "fresh",
    "nostalgic": "nostalgic", "retro": "nostalgic", "vintage": "nostalgic", "throwback": "nostalgic",
    "adventurous": "adventurous", "adventure": "adventurous", "outdoorsy": "adventurous",
    "rugged": "adventurous",
    "elegant": "elegant", "graceful": "elegant", "refined": "elegant", "sophisticated": "elegant",
    "chic": "elegant", "stylish": "elegant",
    "professional": "professional", "corporate": "professional", "businesslike": "professional",
    "polished": "professional", "authoritative": "professional", "serious": "professional",
    "modern": "modern", "contemporary": "modern", "sleek": "modern",
    "natural": "natural", "organic": "natural", "earthy": "natural", "authentic": "natural",
    "hopeful": "hopeful", "uplifting": "hopeful", "inspiring": "hopeful", "inspirational": "hopeful",
    "optimistic": "hopeful", "positive": "hopeful",
    "emotional": "emotional", "moving": "emotional", "touching": "emotional",
    "cheerful": "cheerful", "happy": "cheerful", "joyful": "cheerful", "sunny": "cheerful",
    "bright": "cheerful",
    "sporty": "sporty", "athletic": "sporty",
    "cinematic": "cinematic", "dramatic": "cinematic", "epic": "cinematic",
    "moody": "moody", "mysterious": "moody",
    "youthful": "youthful",
    "caring": "caring", "compassionate": "caring", "nurturing": "caring", "gentle": "caring",
    "masculine": "masculine", "feminine": "feminine", "festive": "festive", "trendy": "trendy",
    "cool": "cool", "informative": "informative", "entertaining": "fun",
}

# What a brief means when it says "not (too) <word>": "not too cold" asks for warmth.
TONE_NEGATIONS = {
    "cold": "warm", "clinical": "warm", "sterile": "warm", "distant": "warm", "impersonal": "warm",
    "boring": "energetic", "dull": "energetic", "static": "energetic", "flat": "energetic",
    "cheap": "premium", "tacky": "premium", "cheap-looking": "premium", "budget": "premium",
    "serious": "playful", "stiff": "friendly", "formal": "friendly", "corporate": "friendly",
    "intimidating": "friendly", "pushy": "friendly", "salesy": "friendly",
    "cluttered": "minimal", "busy": "minimal", "flashy": "minimal", "loud": "minimal",
    "childish": "mature", "silly": "mature", "unprofessional": "professional",
    "grim": "hopeful", "depressing": "hopeful", "guilt-tripping": "hopeful", "preachy": "friendly",
    "polished": "natural", "glossy": "natural", "generic": "bold", "bland": "bold",
    "aggressive": "calm", "hectic": "calm", "chaotic": "calm",
    "dated": "modern", "old-fashioned": "modern", "outdated": "modern",
    "dark": "cheerful", "gloomy": "cheerful", "sad": "cheerful",
    "fake": "natural", "artificial": "natural", "staged": "natural",
}

# Nouns that turn the words before them into a tone ("tech feel", "a cosy vibe").
TONE_NOUNS = ("feel", "feeling", "vibe", "vibes", "mood", "tone", "look", "aesthetic", "atmosphere",
              "style", "energy", "personality")

BASE_COLOURS = {
    "red": "red", "orange": "orange", "yellow": "yellow", "green": "green", "blue": "blue",
    "purple": "purple", "violet": "violet", "pink": "pink", "brown": "brown", "black": "black",
    "white": "white", "grey": "grey", "gray": "grey", "silver": "silver", "gold": "gold",
    "golden": "gold", "beige": "beige", "cream": "cream", "ivory": "ivory", "navy": "navy",
    "teal": "teal", "turquoise": "turquoise", "aqua": "aqua", "cyan": "cyan", "magenta": "magenta",
    "coral": "coral", "burgundy": "burgundy", "maroon": "maroon", "olive": "olive", "mint": "mint",
    "charcoal": "charcoal", "lavender": "lavender", "lilac": "lilac", "mauve": "mauve",
    "peach": "peach", "salmon": "salmon", "tan": "tan", "khaki": "khaki", "indigo": "indigo",
    "crimson": "crimson", "scarlet": "scarlet", "amber": "amber", "bronze": "bronze",
    "copper": "copper", "emerald": "emerald", "sage": "sage", "mustard": "mustard", "ochre": "ochre",
    "terracotta": "terracotta", "rust": "rust", "sand": "sand", "taupe": "taupe",
    "champagne": "champagne", "plum": "plum", "fuchsia": "fuchsia", "lime": "lime", "jade": "jade",
    "cobalt": "cobalt", "sapphire": "sapphire", "graphite": "graphite", "ruby": "ruby", "slate": "slate",
    "pearl": "pearl",
    "blush": "blush", "nude": "nude", "caramel": "caramel", "chocolate": "chocolate", "mocha": "mocha",
    "honey": "honey", "cherry": "cherry", "lemon": "lemon", "pistachio": "pistachio",
    "off-white": "off-white", "pastels": "pastel",
    "pastel": "pastel", "neutrals": "neutral", "neutral": "neutral", "monochrome": "monochrome",
    "metallic": "metallic", "earth": "earth tones", "black and white": "black and white",
}

# Palette words that name no single hue, so cannot narrow another colour.
NOT_HUES = ("neutral", "neutrals", "earth", "pastels", "monochrome")

# Words that narrow a colour and stay part of its name: "pastel pink", "neon green". Any colour
# narrows another too ("mustard yellow", "rose gold").
COLOUR_MODIFIERS = (
    "pastel", "neon", "light", "dark", "deep", "pale", "bright", "soft", "muted", "matte", "hot",
    "baby", "sky", "royal", "forest", "rose", "electric", "dusty", "burnt", "ice", "midnight",
    "powder", "sea", "bottle", "brick", "jet", "steel", "gunmetal", "army", "hunter", "kelly",
    "bubblegum", "candy", "petrol", "sunshine", "butter", "wine", "blood", "fire-engine",
)

# Words naming the ad itself, not what it advertises.
MEDIUM_WORDS = (
    "ad", "ads", "advert", "adverts", "advertisement", "advertisements", "campaign", "campaigns",
    "image", "images", "visual", "visuals", "key visual", "poster", "posters", "banner", "banners",
    "creative", "creatives", "photo", "photos", "picture", "pictures", "shot", "shots", "post",
    "posts", "graphic", "graphics", "video", "commercial", "artwork",
    "mockup", "billboard", "flyer", "leaflet", "brochure", "hero", "social", "social media",
    "instagram", "facebook", "tiktok", "linkedin", "youtube", "print", "web",
    "magazine", "something", "piece",
)

# Words that, ending a phrase, make it the name of an ad: "New protein bar ad".
AD_WORDS = ("ad", "ads", "advert", "adverts", "advertisement", "campaign", "poster", "banner", "billboard",
            "commercial", "flyer", "visual", "visuals", "creative")

# Plural nouns for people: a phrase ending in one is an audience, not a product.
AUDIENCE_NOUNS = (
    "people", "persons", "professionals", "parents", "mums", "moms", "mothers", "dads", "fathers",
    "students", "families", "women", "men", "kids", "children", "teens", "teenagers", "millennials",
    "boomers", "gamers", "travellers", "travelers", "investors", "owners", "buyers", "runners",
    "athletes", "executives", "managers", "teams", "businesses", "companies", "seniors", "retirees",
    "donors", "supporters", "couples", "homeowners", "shoppers", "fans", "enthusiasts", "lovers",
    "users", "customers", "consumers", "workers", "creators", "founders", "startups", "smes",
    "developers", "engineers", "nurses", "doctors", "drivers", "commuters", "foodies", "beginners",
    "players", "adults", "youth", "girls", "boys", "ladies", "brides", "newlyweds", "renters",
    "freelancers", "entrepreneurs", "marketers", "leaders", "decision-makers", "makers",
    "cyclists", "hikers", "climbers", "skaters", "swimmers", "readers", "learners", "graduates",
    "earners", "savers", "spenders", "explorers", "adventurers", "backpackers", "tourists",
    "holidaymakers", "audiences", "demographic", "clients", "patients", "pet owners", "gen z",
    "generation z", "gen-z", "zoomers",
)

# Nouns after which the words before are usage scenarios ("sports and office scenarios").
SCENARIO_NOUNS = ("scenarios", "scenario", "settings", "setting", "occasions", "occasion",
                  "situations", "contexts", "environments", "scenes", "use cases", "moments", "use",
                  "usage", "environment")

# Filler a phrase loses at its start; "overly" stays because it carries the meaning of an avoid.
LEADING_FILLER = (
    "a", "an", "the", "our", "my", "their", "its", "your", "his", "her", "some", "any", "these", "those", "mainly",
    "mostly", "primarily", "especially", "particularly", "also", "both", "and", "or", "but", "plus",
    "then", "please", "that", "how", "with", "like", "such as", "including", "include", "includes",
    "are", "is", "ideally", "preferably", "clearly", "really", "just", "only", "specifically",
    "showing", "using", "displaying", "depicting", "anything", "any kind of", "lots of", "too much",
    "too many",
)

# Words that describe the launch rather than the product: "our new oat milk" advertises oat milk.
PRODUCT_FILLER = ("new", "brand-new", "all-new", "latest", "upcoming")

# Words that soften or frame a tone without being one: "a little nostalgic", "looks aggressive".
INTENSIFIERS = ("very", "too", "overly", "quite", "slightly", "somewhat", "a little", "a bit", "little",
                "bit", "looking", "feeling", "look", "looks", "feel", "feels", "be", "it", "should", "must")

# Words that may sit between tone or colour words without adding to them.
CONNECTORS = ("and", "or", "but", "yet", "very", "quite", "really", "a", "an", "the", "in", "with", "using")

# Openings that make "we want <X>" about something other than a product.
PRONOUNS = ("it", "this", "that", "them", "something", "anything", "everything", "you", "us", "we", "one")

# Heading words that narrow a key without changing its field: "Main colours", "Desired tone".
KEY_PREFIXES = ("key ", "main ", "primary ", "preferred ", "desired ", "overall ", "core ", "brand ")

TRAILING_FILLER = ("etc", "and so on", "too", "as well", "please", "if possible", "ideally", "used", "shown",
                   "included", "allowed", "at all")

_DET = r"(?=(?:\s+of)?\s+(?:our|a|an|the|my|this)\b)"  # "introduce their history" names no product
_MEDIUM = "|".join(re.escape(word) for word in sorted(MEDIUM_WORDS, key=len, reverse=True))

# Cue words that start a segment of free text: (kind, regular expression, weak). Where two cues
# start at the same word the first listed wins. A weak cue does not cut a list already running:
# "avoid people without helmets" is one thing to avoid.
CUES = [
    ("avoid", r"avoid(?:s|ing)?|exclud(?:e|es|ing)|(?:stay|steer)\s+(?:away|clear)\s+(?:from|of)"
              r"|(?:do\s+not|don'?t|never|should\s*n[o']t|must\s*n[o']t)"
              r"(?:\s+(?:show|use|include|feature|display|depict|have|want|put|add|make\s+it))?"
              r"|^(?:no|nothing)|there\s+(?:will|should|must|can)\s+be\s+no", False),
    ("avoid", r"without(?!\s+being)", True),
    ("must", r"(?:must|should|needs?\s+to|has\s+to|have\s+to|make\s+sure\s+(?:to|it|we|you))\s+"
             r"(?:clearly\s+|also\s+)?(?:show|include|feature|display|depict|contain|have|showcase|see)"
             r"|must[- ]haves?\s*:?|^(?:show|include|feature|display|depict)", False),
    ("must", r"featuring", True),
    ("selling", r"emphasi[sz](?:e|es|ing)|highlight(?:s|ing)?|showcas(?:e|es|ing)|focus(?:es|ing)?\s+on"
                r"|stress(?:es|ing)?|underlin(?:e|es|ing)|spotlight(?:s|ing)?|play(?:s|ing)?\s+up"
                r"|(?:(?:key|main)\s+)?(?:benefits?|selling\s+points?|usps?|features?|messages?)"
                r"\s*(?:are|is|include|:)|(?:key|main)\s+(?:benefits?|selling\s+points?|messages?)"
                r"|selling\s+points?", False),
    ("audience", r"target(?:ing|s)?\s+(?:audience|market|demographic|customers?|group)"
                 r"(?:\s+(?:is|are))?\s*:?|(?:the\s+)?audience\s*(?:is|are|:)|targeting"
                 r"|targeted\s+(?:at|to|towards)|aimed\s+(?:squarely\s+|mainly\s+|primarily\s+)?"
                 r"(?:at|towards?)|geared\s+(?:towards?|to)|appeal(?:s|ing)?\s+to|speak(?:s|ing)?\s+to",
     False),
    ("tone", r"(?:should|must|needs?\s+to|has\s+to)\s+(?:feel|look|seem|be|come\s+across\s+as)"
             r"(?:\s+like)?|make\s+it\s+(?:look|feel|seem)|(?:feels?|looks?)\s+like", False),
    ("tone", r"(?:the\s+)?(?:tone\s+of\s+voice|tone|mood|vibe|atmosphere|aesthetic|look\s+and\s+feel"
             r"|personality)(?:\s+(?:is|are|should\s+be|must\s+be|of))?\s*:?", True),
    ("scenario", r"(?:used|use|worn|wear|shown|set|placed|enjoyed|pictured|photographed|seen)\s+"
                 r"(?:(?:it|them)\s+)?(?:in|at|on|during|while|for|when)"
                 r"|(?:scenarios?|settings?|occasions?|situations?"
                 r"|use\s+cases?|scenes?|environments?|contexts?|moments?)\s*(?:like|such\s+as"
                 r"|including|include|are|is|:)", False),
    ("prefer", r"prefer(?:s|red|ably|ring|ence\s+for)?(?:\s+colou?rs?)?(?:\s+(?:is|are))?\s*:?", False),
    ("colour", r"(?:brand\s+|main\s+)?colou?r(?:s|\s+palette|\s+scheme)?(?:\s+(?:should\s+be|must\s+be"
               r"|are|is|of|like|such\s+as|include))?\s*:?|palette(?:\s+(?:of|is|should\s+be))?\s*:?"
               r"|(?:in\s+)?(?:shades|tones|hues)\s+of|stick\s+to", True),
    ("product", r"(?:we|i)(?:'re|\s+are|'m|\s+am)\s+(?:launching|introducing|selling|advertising|unveiling)"
                r"|(?:we|they|(?:our|the)\s+(?:client|company|brand|business|startup))\s+"
                r"(?:sell|make|offer|produce|launch)(?:s|es)?"
                rf"|promot(?:e|es|ing)|(?:advertis|launch|introduc|unveil|sell)(?:e|es|ing|s)?{_DET}"
                r"|(?:the\s+)?product\s*(?:is|:)", False),
    ("medium", rf"(?:(?:{_MEDIUM})\s+)+(?:for|of|promoting|about|advertising)", True),
    ("for", r"(?:(?:mainly|mostly|primarily|especially|ideally|ideal|perfect|great|designed|made"
            r"|suitable|meant|intended)\s+)?for", True),
    ("to", r"to", True),  # "promote our app to students": kept only when it names people
    ("weak", r"(?:we|i)\s*(?:'d|would)\s+like(?!\s+to)|(?:we|i)\s+(?:want|need|require)(?!\s+to\b)"
             r"|(?:we|i)(?:'re|\s+are|'m|\s+am)\s+(?:looking\s+for|after)"
             r"|(?:create|make|design|generate|produce)(?=\s+(?:an?|some|the)\b)", False),
]


def canonical_tone(word: str) -> str:
    """One word for a tone and its synonyms: "contemporary" and "modern" are the same tone."""
    word = " ".join(word.casefold().split())
    return TONE_WORDS.get(word, word)


def canonical_colour(name: str) -> str:
    """One spelling for a colour: "gray" and "grey" are the same colour."""
    name = " ".join(name.casefold().split())
    return BASE_COLOURS.get(name, name)


# Words a phrase naming a product or people never opens with: it would be a clause fragment.
NOT_PHRASE_OPENINGS = {
    "of", "to", "in", "on", "at", "by", "from", "into", "as", "than", "so", "because", "if", "when", "while",
    "it", "they", "them", "we", "us", "you", "he", "she", "this", "that", "these", "those", "there", "here",
    "make", "get", "be", "have", "do", "create", "help", "show", "see", "keep", "take", "give", "even", "not",
    "along", "who", "what", "which", "how", "why", "where", "know", "such", "enough", "very", "more", "most",
    "overview", "purpose", "history", "information", "details", "background", "objective", "objectives",
}
# Verbs and auxiliaries that make a phrase a clause: "organisers are looking".
CLAUSE_WORDS = {
    "is", "are", "was", "were", "am", "be", "been", "being", "can", "could", "will", "would", "should", "must",
    "may", "might", "shall", "looking", "asking", "want", "wants", "need", "needs", "know", "think",
}
# Words of a brief's title that say what kind of document it is: "Norwich Beer Fest Logo Brief".
GENERIC_TITLE_WORDS = (
    "logo", "poster", "packaging", "design", "creative", "project", "competition", "client", "sample",
    "campaign", "advertising", "ad", "new", "the", "a", "our", "this", "student", "brand", "branding",
    "label", "print", "web", "social", "media", "video", "marketing", "-", "–",
)

# Colour families a brief names instead of hues: "warm colours" asks for these.
PALETTES = {
    "warm": ("red", "orange", "yellow"), "cool": ("blue", "green", "purple"), "cold": ("blue", "teal", "white"),
    "pastel": ("pastel pink", "pastel blue", "mint"), "earthy": ("terracotta", "olive", "sand"),
    "earth": ("terracotta", "olive", "sand"), "neutral": ("beige", "grey", "white"),
    "muted": ("sage", "dusty pink", "slate"), "jewel": ("emerald", "sapphire", "ruby"),
}
