"""Page furniture: the lines of a web capture that belong to the site, not to the document.

Navigation, breadcrumbs, pagination, counters, menus, share and format buttons, image
placeholders, site notices, disclaimers and "see also" lists are recognised by their shape
and by the small vocabulary that reading sites, archives and reference sites share across
languages, never by one site's wording. A rule that is unsure leaves the line in the text:
a converter that drops a line of the document loses it for good (the no-loss check cannot
see a line declared as furniture), while a line of furniture left in the text costs only
a little tidiness.

Where a rule depends on position, the page is cut into a top zone (before the first
paragraph of running text), the body, and a bottom zone (after the last one): site notices
and "see also" lists are furniture only outside the body.
"""

from __future__ import annotations

import re
from collections import Counter

from .lines import Line

# Links that skip to the content or back to the top.
_SKIP = re.compile(r"^(?:skip to (?:main )?content|jump to content|back to top|перейти к содержанию|"
                   r"跳到主要内容|返回顶部|回到顶部|<<|>>)$", re.I)
# "Home > Books > History > Chapter 19", "您的位置:…>…", "Вы здесь: …"
BREADCRUMB_LEAD = re.compile(r"^(?:您的位置|当前位置|所在位置|you are here|вы здесь)\s*[:：]", re.I)
BREADCRUMB_SEP = re.compile(r"\s(?:>|»|›|→|/)\s")
# "1 ... 16 17 18 ... 30", "страница20/30", "Page 3 of 12", "第1页", "(第1页)" alone
_PAGINATION = re.compile(r"^(?:[\s\d.…|/–-]*\d[\s\d.…|/–-]*|(?:страница|page|стр\.)\s*\d+\s*(?:/|of|из)\s*\d+|"
                         r"(?:showing\s+|results\s+)?\d+\s*[-–]\s*\d+\s+(?:of|из)\s+\d+|"
                         r"第\s*\d+\s*页|共\s*\d+\s*页)$", re.I)
_NAV_WORDS = (r"previous(?: chapter| page)?|next(?: chapter| page)?|table of contents|contents|back|return|home|"
              r"上一页|下一页|上一章|下一章|上一篇|下一篇|上一主题|下一主题|返回目录|返回|目录|首页|加入书签|"
              r"предыдущая(?: глава| страница)?|следующая(?: глава| страница)?|оглавление|назад|вперед|вперёд")
_NAV_ONLY = re.compile(rf"^(?:(?:{_NAV_WORDS})[\s|·•/]*)+$", re.I)
# "• 116阅读", "0 回复", "2,345 views"
_COUNTER = re.compile(r"^[•·\s]*\d[\d,.]*\s*(?:次|人)?(?:阅读|回复|评论|浏览|点赞|收藏|views?|comments?|replies|likes|"
                      r"просмотр\w*|комментари\w*|ответ\w*)\s*$", re.I)
# Buttons and widgets every site has, in the languages of the edition.
_UI_WORDS = (
    r"pdf|epub|e-?pub 版|版|網頁圖片|网页图片|print|share|download|cite|bookmark|font|menu|search|login|log in|"
    r"sign in|sign up|register|subscribe|get citation|share document|english html|article image|results|search results|"
    r"分享|打印|收藏|下载|下载本书|登录|登陆|注册|登陆注册|书签|字体|字号|搜索|复制链接|\[复制链接\]|只看楼主|"
    r"(?:论文)?(?:部分内容|全文|在线)阅读|关灯|开灯|护眼|夜间模式|日间模式|倒序阅读|举报|扫描二维码|手机浏览器扫描二维码访问|查看更多图片|打开网易新闻 查看更多图片|"
    r"шрифт|интервал|закладка|поиск|войти|регистрация|печать|скачать|поделиться"
)
_UI_ONLY = re.compile(rf"^(?:(?:{_UI_WORDS})\s*[:：]?[\s|·•]*)+$", re.I)
# A forum-style post header: "离线admin", "发表于: 1953-04-03", "只看楼主 倒序阅读 0 发表于: …"
_POST_META = re.compile(r"^(?:离线|在线)\s*\S{1,20}$|(?:只看楼主|倒序阅读).*(?:发表于|楼主)|^发表于\s*[:：]")
_LONG_ID = re.compile(r"^\d{8,}$")
_MENU_CAMEL = re.compile(r"(?:[A-ZА-ЯЁ][a-zа-яё]+){4,}")  # "АрхитектураБиологияГеография…"
# Site notices, disclaimers, credits: outside the body only.
_SITE_NOTICE = re.compile(
    r"本站|本网站|本网|免责声明|版权所有|ICP备|公网安备|主办单位|技术支持|告示\s*[:：]|"
    r"\bthis (?:web)?site\b|\bour (?:web)?site\b|\bcookies?\b|all rights reserved|copyright ©|©\s*\d{4}|"
    r"этот сайт|нашего сайта|на сайте|все права защищены|мы поможем|знаете ли вы",
    re.I)
_DOMAIN = re.compile(r"\b(?:www\.)?[\w-]+\.(?:com|net|org|ru|cn|info|su|io)\b", re.I)
# A site's own record of the file: a label glued to its value ("Дата12.05.2019", "Размер6.17 Mb.").
_GLUED_FIELD = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё]{2,12}\d[\d./:-]*(?:\s?(?:Mb|Kb|MB|KB|Гб|Мб|Кб)\.?)?$")
# An image's alternative text: "Dwight D. Eisenhower photo", "我们伟大的祖国(图片)".
_IMAGE = re.compile(r"^.{1,60}?(?:\s(?:photo|photograph|image|picture)|\s?\((?:фото|photo|图片|照片)\)|\(图\))$", re.I)
_SEE_ALSO = re.compile(r"^(?:see also|related (?:articles|documents|posts)|read also|читайте также|смотрите также|"
                       r"см\. также|相关阅读|相关文章|推荐阅读|延伸阅读)\s*[:：]?$", re.I)
# A reading site's own title for the page, naming the book: "抗美援朝文献选编_编者【完结】(57)",
# "Читаем Загадочная война полностью", "Читать онлайн «…»". Never the document's title.
_BOOK_PAGE_TITLES = [
    re.compile(r"^(?P<book>[^_【】]{2,60}?)(?:_[^_【】]{1,30})*\s*[【\[](?:完结|完本|全本|连载中?|已完结)[】\]]"
               r"\s*(?:[(（](?P<part>\d+)[)）])?$"),
    re.compile(r"^(?:Читаем|Читать)\s+(?:онлайн\s+)?[«\"]?(?P<book>.{2,80}?)[»\"]?(?:\s+(?:полностью|онлайн))+$"),
    re.compile(r"^Читать\s+онлайн\s+[«\"]?(?P<book>.{2,80}?)[»\"]?$"),
]


def book_page_title(text: str) -> re.Match | None:
    """The reading site's page title naming the book (its `book`, perhaps its `part`), or None."""
    return next((m for p in _BOOK_PAGE_TITLES if (m := p.match(text))), None)


_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[-•*·])\s+\S")
_SENTENCE = re.compile(r"[.!?。！？;；]")


def _is_prose(text: str) -> bool:
    """A paragraph of running text: long enough and made of sentences."""
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    if cjk * 2 > len(text):
        return len(text) >= 40 and bool(re.search(r"[。，；！？,]", text))
    return len(text) >= 80 and bool(_SENTENCE.search(text)) and len(text.split()) >= 12


def _short_label(text: str) -> bool:
    return len(text) <= 40 and not _SENTENCE.search(text.rstrip("!?！？"))


# Three times the longest breadcrumb trail or post byline of the tune pages, fixtures and seeds (47).
_FURNITURE_LONGEST = 150


def classify(lines: list[Line]) -> dict[int, str]:
    """Index -> reason, for every line of `lines` that is furniture."""
    texts = [l.text for l in lines]
    prose = [i for i, t in enumerate(texts) if t and _is_prose(t)]
    first_body, last_body = (prose[0], prose[-1]) if prose else (len(lines), -1)
    counts = Counter(t for t in texts if t)
    found: dict[int, str] = {}
    see_also_from = None
    for i, text in enumerate(texts):
        if not text:
            continue
        outside = i < first_body or i > last_body
        # A line that opens with furniture but goes on in sentences is a page run onto one line
        # (its breaks lost): dropping it would drop the text with the trail.
        runs_on = len(text) > _FURNITURE_LONGEST and _is_prose(text)
        if _SKIP.match(text):
            found[i] = "navigation"
        elif not runs_on and (BREADCRUMB_LEAD.match(text) or (len(BREADCRUMB_SEP.findall(text)) >= 2 and len(text) <= 200
                                                               and not _SENTENCE.search(text.replace("...", "")))):
            found[i] = "breadcrumb"
        elif _PAGINATION.match(text) and len(re.findall(r"\d+", text)) >= 2 or _NAV_ONLY.match(text):
            found[i] = "pagination"
        elif _COUNTER.match(text):
            found[i] = "counter"
        elif not runs_on and (_UI_ONLY.match(text) or _POST_META.search(text)):
            found[i] = "site interface"
        elif i < first_body and book_page_title(text):
            found[i] = "the page's title (the book's)"
        elif _LONG_ID.match(text):
            found[i] = "identifier of the site"
        elif _GLUED_FIELD.match(text) and i < first_body:
            found[i] = "site's record of the file"
        elif _IMAGE.match(text) and outside:
            found[i] = "image"
        elif text.count("|") >= 3 and all(len(p.strip()) <= 60 for p in text.split("|")):
            found[i] = "menu"
        elif _MENU_CAMEL.fullmatch(text.replace(" ", "")) and " " not in text.strip()[:30]:
            found[i] = "menu"
        elif counts[text] >= 3 and _short_label(text):
            found[i] = "repeated placeholder"
        elif outside and _SEE_ALSO.match(text):
            found[i] = "see also"
            see_also_from = i
        elif outside and see_also_from is not None and i > last_body and _LIST_ITEM.match(text):
            found[i] = "see also"
        elif outside and (_SITE_NOTICE.search(text) or (_DOMAIN.search(text) and len(text) <= 80)):
            found[i] = "site notice"
    # The site's name: a short line at the very top that the site's furniture follows.
    top = [i for i in range(min(first_body, len(lines))) if texts[i]]
    if top and top[0] not in found and len(top) > 1 and top[1] in found and _short_label(texts[top[0]]) \
            and len(texts[top[0]]) <= 20:
        found[top[0]] = "site name"
    return found


def repeated_heading(lines: list[Line], title_index: int) -> list[int]:
    """Lines that repeat the page's heading before the text starts ("第十九章 …" twice)."""
    key = _heading_key(lines[title_index].text)
    out = []
    for i in range(title_index + 1, len(lines)):
        text = lines[i].text
        if text and _is_prose(text):
            break
        if text and _heading_key(text) == key:
            out.append(i)
    return out


def _heading_key(text: str) -> str:
    # "第五百二十四章 停战协定(第1页)" and "第五百二十四章停战协定" are one heading
    text = re.sub(r"[(（]第\s*\d+\s*页[)）]", "", text)
    return re.sub(r"[\W_]+", "", text).casefold()
