"""The words soracheck reads: phrases, wardrobe and colour names, emotions, crowds, camera moves and
their motives, looks, screen direction, avoid tags, and what sound cues and audio fields ask.

One vocabulary for the text rules, the configuration's validation and the notes grammar alike. It
imports nothing else of soracheck. Matching is deliberately plain: whole words, case-insensitive, a
simple plural or verb ending on the last word. Every list here is a judgement a director can read
and argue with.
"""
