"""Weights of the item confidence score; written by `python -m seeds.evaluation.calibrate`.

Fitted on synthesized pages (layout seeds 100 and up); per confidence band, the
items extracted and the share of them whole and correct:

    0.00–0.20    219 items  0.00
    0.20–0.40     62 items  0.24
    0.40–0.60     72 items  0.62
    0.60–0.70     96 items  0.68
    0.70–0.80    163 items  0.69
    0.80–0.85    219 items  0.84
    0.85–0.90    405 items  0.90
    0.90–0.95     34 items  0.94
    0.95–1.00      0 items  nan
"""

WEIGHTS: dict[str, float] = {
    "bias": -3.135,
    "byline": 1.687,
    "captions": 0.461,
    "column": -0.511,
    "flag_continues_elsewhere": -0.5,
    "flag_missing_headline": -1.958,
    "flag_starts_mid_sentence": -0.042,
    "flag_stitched": -1.36,
    "flag_uncertain_column": -0.473,
    "flag_uncertain_headline": -0.69,
    "headline": 0.799,
    "headline_and_byline": 1.441,
    "kind_brief": 3.089,
    "kind_commentary": 0.413,
    "kind_photo": 0.771,
    "kind_quote_box": -0.556,
    "length": 1.673,
    "opens_with_lead": -0.214,
    "overline_or_subtitle": -0.445,
    "subheads": -0.703,
}
LOW_CONFIDENCE_BELOW = 0.83
