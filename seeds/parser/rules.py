"""Heuristics as data: the marks, words and thresholds the parser decides by.

Each rule follows from how Chinese newspapers are typeset and how OCR fails; the
comment names the page that first showed the need, not a page it was tuned to.
"""

# decode: a text page has almost no control characters; binary files have many.
MAX_CONTROL_CHAR_RATIO = 0.01

# decode: the largest page file accepted. A dense broadsheet page is some 15,000
# characters (under 50 KB as UTF-8; the seed pages are 20 KB); a file several times
# that is a whole issue or a log pasted by mistake, and parsing time grows faster
# than the text (a 240 KB file of real page text already takes seconds).
MAX_PAGE_BYTES = 256 * 1024

# Glyphs set before a byline or a credit (□本报记者 宋爽, ●孟祥夫, ■本报记者 阿柔娜 摄).
# OCR reads the same printed square as any of these (003 uses ●, 001 □, 000 ■).
BYLINE_GLYPHS = "□■●○◇◆▲△▼▽◎☆"

# A column kicker (栏目) is often marked with ◎ (001: ◎初心如磐, ## ◎信息集装箱).
KICKER_GLYPHS = "◎"
BRIEF_MARKS = "◆"  # 001: 信息集装箱 holds ◆ briefs.
QUOTE_MARKS = "★☆"  # 001 and 004: ★ quotations in a box (每周一学).

# Column names this paper's party-building pages use. Without a ◎ a kicker is
# indistinguishable from a short overline, so plain kickers are read from this list;
# an unknown kicker without a mark is read as a title line (never guessed as a column).
KNOWN_COLUMNS = (
    "初心如磐",
    "知行合一",
    "北疆党旗红",
    "掠影",
    "每周一学",
    "学思践悟",
    "代表委员零距离",
    "基层实践",
    "文明新风",
    "信息集装箱",
    "党建前沿",
    "党建聚焦",
    "党员风采",
    "先锋风采",
    "身边榜样",
    "组工视窗",
    "组工动态",
    "基层动态",
    "一线传真",
    "经验交流",
    "他山之石",
    "图片新闻",
    "理论学习",
    "党史学习",
    "亮点展示",
    "社区新风",
    "为民办实事",
)

# Role words in bylines and credits, longest first so that 见习记者 wins over 记者.
ROLE_WORDS = (
    # 文/本报记者 张三 图/李四: slashes name who wrote and who took the picture.
    ("文/", "reporter"),
    ("图/", "photographer"),
    ("首席记者", "reporter"),
    ("特约记者", "reporter"),
    ("摄影记者", "reporter"),
    ("全媒体记者", "reporter"),
    ("融媒体记者", "reporter"),
    ("见习记者", "trainee"),
    ("实习记者", "trainee"),
    ("实习生", "trainee"),
    ("特约通讯员", "correspondent"),
    ("通讯员", "correspondent"),
    ("记者", "reporter"),
)

# Photo and picture credits: …摄, …摄影, …摄影报道; an illustration …绘; a picture an
# organisation supplied …供图 (only on a line of its own: 描绘 and 提供 end sentences
# too). An agency may follow in brackets:
# 范晖 摄（人民视觉）, 季春鹏摄（新华社发）, 谢贵明摄（影像中国）.
PHOTO_VERBS = ("摄影报道", "摄影", "摄")
PICTURE_VERBS = ("供图", "绘")
# Words before the names of a credit that are not names: 以上图片均为本报记者刘洪超摄.
CREDIT_PREFIXES = ("以上图片均为", "以上图片为", "图片均为", "图片为", "本版图片均为", "图为")
# An organisation that supplies a picture (尚志市委宣传部供图) has a longer name than a
# person, ending in what organisations are called.
SUPPLIER_PATTERN = r"[\u4e00-\u9fff]{2,14}(?:部|局|委|办|馆|会|院|队|所|站|中心|公司|政府|集团)"

# An outlet named before a role word is not a person: 新华社记者 季春鹏, 人民网记者 X,
# 南方日报记者 X, 旗融媒体中心记者 X.
OUTLET_PATTERN = r"[\u4e00-\u9fff]{1,10}?(?:融媒体中心|电视台|日报|晚报|晨报|社|报|网|台)"

# A person's name in a byline: 2–6 Han characters (Mongolian names run long:
# 阿柔娜, 乌日恒, 朝鲁门), or transliterations joined by a middle dot.
# A name with no role word before it (●孟祥夫, 王玮 摄, (青哈斯)) is at most this long.
MAX_BARE_NAME = 4
NAME_PATTERN = r"[\u4e00-\u9fff]{2,6}(?:[·•][\u4e00-\u9fff]{1,6}){0,3}"

# Leads that open a news item and carry its byline in brackets:
# 本报讯（记者 祁晓燕 通讯员 赵东霞）, 本报讯(记者刘沙沙), 本报呼和浩特讯（…）, 新华社北京电（…），
# and the dateline form national papers use: 本报北京7月1日电  （记者张璁）,
# 本报呼和浩特3月5日讯（记者 …）.
LEAD_PATTERN = (
    r"^(?:本报(?:[\u4e00-\u9fff]{0,8})(?:\d{1,2}月\d{1,2}日)?(?:讯|电)"
    r"|新华社[^（(，。]{0,16}电|(?:据)?[\u4e00-\u9fff]{2,6}网?讯)"
)

# Source notes: （据《人民日报》）, (来源：共产党员网).
SOURCE_PATTERN = r"[（(]\s*(?:据|来源\s*[：:]|稿件来源\s*[：:]|转自|摘编自|摘自|选自)\s*《?([^》)）]{2,30}?)》?\s*[）)]"

# Jump lines name the page a text continues on or comes from: （下转第3版）, （上接第一版）,
# 转第三版. Brackets may be missing or half-width.
JUMP_PATTERN = (
    r"[（(]?\s*(?P<verb>下转|上接|转|接)\s*第?\s*(?P<page>\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"\s*版\s*[）)]?"
)

# Sentences end with these; closing quotes and brackets may follow them.
SENTENCE_ENDS = "。！？!?…"
CLOSERS = "”’」』）)】〉》\"'"

# A piece that begins with one of these cannot be the start of a sentence.
CANNOT_START = "，,。.、；;：:！!？?）)】」』》〉…"
# Bound characters that do not begin a sentence when jieba leaves them alone as a word
# (002: 化手段精准对接… is the tail of a sentence printed elsewhere).
BOUND_SUFFIXES = "的了着过们吗呢吧啊嘛呀化性者度率员得地"

# Demonstratives that refer back: a line starting with them continues a text and
# is never a headline (004: 该市还构建了…评价 ends a column, not a subhead).
ANAPHORA_STARTS = ("该", "此外", "其", "这", "此", "同时")

# A kicker without a mark is a short label (学思践悟, 初心如磐, 微观, 监督哨, 记者手记);
# a line like that above a title is read as one unless it names a place (overlines do).
# A series label carries a middle dot or a number (前沿观察·清风正气在身边③) and may run
# longer.
KICKER_CHARS = (2, 6)
SERIES_MARKS = "·•①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
MAX_SERIES_CHARS = 20

# Notes set on a line of their own under a text, a label and its value:
# 数据来源：中央纪委国家监委网站, 版式设计：张芳曼, 选题线索来信邮箱：…. Never titles.
# A dialogue or interview opens with who takes part (对话人： / 周珊珊  本报评论员 / …):
# a list set as text, not an overline and bylines.
PARTICIPANT_LABELS = (
    "对话人",
    "主持人",
    "嘉宾",
    "访谈嘉宾",
    "对话嘉宾",
    "受访者",
    "参与者",
    "讨论者",
)
NOTE_LABELS = ("来源", "邮箱", "设计", "电话", "地址", "编辑", "校对", "制图", "统筹", "策划")
PLACE_SUFFIXES = (
    "区",
    "旗",
    "县",
    "市",
    "盟",
    "镇",
    "乡",
    "村",
    "街道",
    "社区",
    "嘎查",
    "苏木",
    "：",
    ":",
)

# Title lines are short; a longer line is body text.
MAX_TITLE_CHARS = 32
# An overline over a byline may run longer: 湖南茶陵县民政局财务人员“蚂蚁搬家式”侵吞困难
# 群众电费补贴170余万元—— (a national paper's overlines reach forty characters).
MAX_GROUP_TITLE_CHARS = 48
# A clause before a comma in a title is at least this long (以往，… is body text).
MIN_TITLE_CLAUSE = 4

# Wrapped text: a line this much shorter than the column ends a paragraph.
SHORT_LINE_RATIO = 0.8
# Wrapped text: a phrase on a block's first line this much shorter than the column is
# a subhead set on its own line (000: 有事共商难题同解 over a 16-character column).
SUBHEAD_LINE_RATIO = 0.7

# A title does not end on a word that needs what follows: a preposition, a
# conjunction or a structural particle (000: …党工委坚持把 / 党组织… is wrapped text).
TITLE_CANNOT_END = "把被将对向从和与及以或并而的地得之其在于让使给跟同至"

# Evidence thresholds for lexical decisions (cosine similarity of IDF-weighted words).
# A title goes to the neighbour it shares clearly more words with.
TITLE_MARGIN = 0.02
# Reading a page's headlines as printed after their texts: a page that opens with
# untitled text counts as this much evidence for it, and a group whose own words favour
# the text below by more than the clear margin stays with that text whatever the page.
AFTER_PAGE_EVIDENCE = 0.5
HEAD_TITLE_CLEAR = 0.3
# A headline printed after its article restates that article's words: at least half of
# its word weight is found in the text above it (000: 玉泉区：多举措打造干部素质提升“强引擎”).
AFTER_TITLE_MIN_COVERAGE = 0.5
# A text after a subhead-like line continues the article if it is at least this similar.
# Measured on the development corpus laid out paragraph by paragraph: every headline
# between two texts had a continuity of 0.04 or less, nine in ten subheads above 0.07.
CONTINUITY_MIN = 0.05
# Commentaries set a sentence or two from the text under the byline as a pull quote
# (狠刹“四风”成为巩固党心民心的重要途径，重塑了…): longer than most headlines, with a comma.
PULL_QUOTE_MIN_CHARS = 18
# Fixed labels of boxes inside an article, never an item's headline.
BOX_LABELS = ("核心阅读", "链接", "相关链接", "延伸阅读", "背景链接", "编者按")
# Two tails after mid-sentence breaks are swapped without a word formed across the
# breaks only when each text then reads clearly more as one (sum of cosine gains).
SWAP_COHERENCE_MIN = 0.1
# …and only when each tail holds enough text for its words to say where it belongs.
SWAP_MIN_TAIL_CHARS = 40
# A tail of paragraphs moves to another article only with strong, distinct evidence.
TAIL_MOVE_MIN = 0.12
TAIL_MOVE_RATIO = 3.0
