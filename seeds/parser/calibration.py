"""Weights of the item confidence score; written by `python -m seeds.evaluation.calibrate`.

Fitted on synthesized pages (layout seeds 100 and up); per confidence band, the
items extracted and the share of them whole and correct:

    0.00–0.20    160 items  0.09
    0.20–0.40     77 items  0.16
    0.40–0.60    129 items  0.42
    0.60–0.70    130 items  0.67
    0.70–0.80     57 items  0.79
    0.80–0.85     96 items  0.96
    0.85–0.90    192 items  0.85
    0.90–0.95    389 items  0.94
    0.95–1.00      0 items  nan
"""

WEIGHTS: dict[str, float] = {
    "bias": -1.89,
    "byline": 2.343,
    "captions": 0.44,
    "column": -0.549,
    "flag_continues_elsewhere": -0.246,
    "flag_missing_headline": -1.445,
    "flag_starts_mid_sentence": -0.044,
    "flag_stitched": -1.779,
    "flag_uncertain_column": -0.297,
    "flag_uncertain_headline": -0.08,
    "headline": 0.143,
    "headline_after_text": 0.132,
    "headline_and_byline": 0.986,
    "kind_brief": 1.956,
    "kind_commentary": 0.507,
    "kind_photo": 1.193,
    "kind_quote_box": 0.0,
    "length": 1.375,
    "opens_with_lead": -0.163,
    "overline_or_subtitle": -0.471,
    "short_lines": -2.002,
    "subheads": -0.545,
}
LOW_CONFIDENCE_BELOW = 0.67
