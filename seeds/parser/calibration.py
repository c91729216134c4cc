"""Weights of the item confidence score; written by `python -m seeds.evaluation.calibrate`.

Fitted on synthesized pages (layout seeds 100 and up); per confidence band, the
items extracted and the share of them whole and correct:

    0.00–0.20    201 items  0.04
    0.20–0.40     88 items  0.19
    0.40–0.60    129 items  0.42
    0.60–0.70    123 items  0.72
    0.70–0.80     40 items  0.75
    0.80–0.85    106 items  0.90
    0.85–0.90    183 items  0.84
    0.90–0.95    394 items  0.94
    0.95–1.00      0 items  nan
"""

WEIGHTS: dict[str, float] = {
    "bias": -2.146,
    "byline": 1.694,
    "captions": 0.503,
    "column": -0.446,
    "flag_continues_elsewhere": -0.151,
    "flag_missing_headline": -2.059,
    "flag_starts_mid_sentence": -0.04,
    "flag_stitched": -1.783,
    "flag_uncertain_column": -0.288,
    "flag_uncertain_headline": -0.464,
    "headline": 0.521,
    "headline_after_text": 0.222,
    "headline_and_byline": 1.664,
    "kind_brief": 2.603,
    "kind_commentary": 0.42,
    "kind_photo": 1.269,
    "kind_quote_box": -0.23,
    "length": 1.068,
    "opens_with_lead": -0.15,
    "overline_or_subtitle": -0.46,
    "short_lines": -2.002,
    "subheads": -0.643,
}
LOW_CONFIDENCE_BELOW = 0.67
