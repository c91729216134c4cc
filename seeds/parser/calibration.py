"""Weights of the item confidence score; written by `python -m seeds.evaluation.calibrate`.

Fitted on synthesized pages (layout seeds 100 and up); per confidence band, the
items extracted and the share of them whole and correct:

    0.00–0.20    238 items  0.00
    0.20–0.40     58 items  0.24
    0.40–0.60    123 items  0.70
    0.60–0.70    237 items  0.62
    0.70–0.80    105 items  0.69
    0.80–0.85    259 items  0.82
    0.85–0.90    214 items  0.92
    0.90–0.95     32 items  0.88
    0.95–1.00      0 items  nan
"""

WEIGHTS: dict[str, float] = {
    "bias": -3.117,
    "byline": 1.641,
    "captions": 0.668,
    "column": -0.132,
    "flag_continues_elsewhere": -0.688,
    "flag_missing_headline": -2.015,
    "flag_starts_mid_sentence": -0.054,
    "flag_stitched": -0.907,
    "flag_uncertain_column": -0.284,
    "flag_uncertain_headline": -0.595,
    "headline": 0.883,
    "headline_and_byline": 1.345,
    "kind_brief": 3.027,
    "kind_commentary": 0.296,
    "kind_photo": 0.696,
    "kind_quote_box": -0.513,
    "length": 1.259,
    "opens_with_lead": -0.161,
    "overline_or_subtitle": -1.04,
    "subheads": -0.357,
}
LOW_CONFIDENCE_BELOW = 0.85
