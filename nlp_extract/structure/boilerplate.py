"""Which lines of a scraped page are page furniture, by generic patterns or learned from a corpus.

The built-in patterns are short and generic (Russian news-site UI phrases, © lines, photo
credits, subscribe/promo phrases), not a list per site: site-specific furniture is learned from
the corpus with :func:`learn_boilerplate`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .dates import dateline
from .lines import has_letters, split_lines, word_count
from .scan import contains_closed

# Kinds used internally before they become Part kinds.
DATELINE = "dateline"
COMMENTS_HEADER = "comments-header"
TAGS_HEADER = "tags-header"
RELATED_HEADER = "related-header"

# Template code left in a page: {{ x }}, {% x %}, <% x %>, ${x}, [[x]] (see has_template).
_TEMPLATE_LINK = re.compile(r"\[\[[a-z_.]+\]\]", re.I)
_TEMPLATE_PAIRS = (("{{", "}}"), ("{%", "%}"), ("<%", "%>"))


def has_template(text: str) -> bool:
    r"""Whether ``text`` holds template code: what the regex ``\{\{.*?\}\}|\{%.*?%\}|<%.*?%>|
    \$\{[^}]*\}|\[\[[a-z_.]+\]\]`` (case ignored) finds, in linear time: that regex rescans the
    rest of the line from every ``{{`` (160 KB of ``{{`` took a minute)."""
    if "{" in text or "<%" in text:
        pieces = text.split("\n") if "\n" in text else [text]  # «.» stops at a line break
        for piece in pieces:
            if any(contains_closed(piece, opening, closing)
                   for opening, closing in _TEMPLATE_PAIRS):
                return True
        if contains_closed(text, "${", "}"):
            return True
    return "[[" in text and bool(_TEMPLATE_LINK.search(text))


# Whole-line UI phrases (normalised: lower case, ё→е, digits→0, edge punctuation trimmed).
_DEBRIS_LINES = frozenset({
    "размер текста", "загрузка", "расскажите о новости друзьям", "перейти к комментариям",
    "поделиться", "поделитесь", "поделиться новостью", "версия для печати", "распечатать",
    "печать", "читать далее", "читать полностью", "показать еще", "показать больше",
    "скопировать ссылку", "ссылка скопирована", "копировать ссылку", "в избранное",
    "добавить в избранное", "оставить комментарий", "написать комментарий", "комментировать",
    "показать комментарии", "ответить", "нравится", "мне нравится", "закрыть", "наверх",
    "вернуться назад", "назад", "далее", "следующая новость", "предыдущая новость", "реклама",
    "на правах рекламы", "слушать", "слушать новость", "аудио", "меню", "поиск", "войти", "вход",
    "регистрация", "выйти", "еще", "все", "ok", "ок", "отмена", "отправить", "x", "подробнее",
    "уведомления", "включить уведомления", "сообщить об ошибке", "видео", "фото", "фотогалерея",
})
_DEBRIS_PATTERNS = re.compile(
    r"^(нашли ошибку|перейти (в|к|на) |заметили ошибку|если вы нашли ошибку|выделите (ее|текст)|"
    r"просмотр(ов|ы)? \d|\d+ (просмотр|комментари)|время чтения|читать \d+ мин|"
    r"использование материалов|при (полном или частичном )?(использовании|цитировании)|"
    r"все права (защищены|сохранены)|мы используем (файлы )?cookie|этот сайт использует|"
    r"политика конфиденциальности|пользовательское соглашение|"
    r"(сетевое )?издание зарегистрировано|свидетельство о регистрации|номер свидетельства)",
)
# Headers of «related articles» lists: the headlines listed under them are navigation.
_RELATED_LINES = frozenset({
    "смотрите также", "читайте также", "также читайте", "по теме", "материалы по теме",
    "новости по теме", "ссылки по теме", "еще по теме", "похожие новости", "похожие материалы",
    "другие новости", "популярное", "самое читаемое", "самое популярное", "выбор редакции",
    "лучшее за неделю", "это интересно", "вам может быть интересно", "рекомендуем",
    "читайте также на сайте", "главное за сутки", "новости партнеров",
})
_NAVIGATION_LINES = frozenset({
    "все регионы", "главная", "главная страница", "на главную", "новости", "все новости",
    "лента новостей", "лента", "регионы", "рубрики", "разделы", "выберите регион",
    "выбрать регион", "ваш регион", "все рубрики", "все темы", "темы дня", "главное",
    "последние новости", "свежие новости", "новости дня", "архив", "контакты", "о проекте",
    "о нас", "редакция", "реклама на сайте", "вакансии", "спецпроекты", "мнения", "статьи",
})
_BREADCRUMB = re.compile(r"\s(?:›|»|>|/|\||•|→)\s")
# Written in lower case and searched in lowercased text (:func:`holds_promo`).
_PROMO = re.compile(
    r"сохрани(те)? (наш )?номер|сообщи(те)? (нам )?(свою )?новост|прислать новость|"
    r"подпис(ывайтесь|ывайся|аться|ка на|ку на|ывайтесь на|ывайся на)|подпишитесь|"
    r"хотите (быть в курсе|первыми|первым|узнавать)|быть в курсе (всех|главн|последн)|"
    r"(телеграм|telegram|тг)[- ]?(канал|е|чат)|в (нашем|нашей) (канале|группе|telegram|телеграм)|"
    r"наш (канал|телеграм|telegram)|в одном письме|рассылк|на почту выслано|"
    r"завершить процедуру подписки|читайте (нас|наши новости|также|еще|ещё|новости)|"
    r"присоединяйтесь|яндекс\s*\.?\s*(новост|дзен)|\bдзен\b|"
    r"(следите|следи) за (нами|новостями|(новыми )?материалами)|"
    r"узнавай(те)? (первыми|первым|новости)|скачай(те)? (наше )?приложение|"
    r"(вступай(те)?|присоединяй(тесь)?) в (нашу )?групп|оставайтесь на связи|"
    r"больше новостей (в|на)|все главные новости|новости (в|на) (max|vk|вк|дзен)|"
    r"есть (чем поделиться|новость)|подписаться на (новости|рассылку|канал)|"
    r"поддержите (нас|редакцию|издание)",
)


def holds_promo(text: str) -> bool:
    """Some words of ``text`` advertise the outlet's channels, in any case. The pattern is
    written in lower case and holds no letter whose lowercase differs from how a case-blind
    match reads it, so searching the lowercased text answers as a case-blind search would, in
    a third of the time (the pipeline asks it of every sentence)."""
    return _PROMO.search(text.lower()) is not None


def promo_sentence(text: str, max_words: int = 30) -> bool:
    """A short sentence that advertises the outlet's channels («Подписывайтесь на наш канал в
    Telegram»): boilerplate even when it is left inside a paragraph."""
    return word_count(text) <= max_words and holds_promo(text)


# The outlet's channels: a promo sentence left inside a paragraph must name one to be cut out
# («Подписывайтесь на наш канал в Telegram», not «успели подписаться под петицией»).
_CHANNEL = re.compile(
    r"telegram|телеграм|\bтг\b|дзен|\bvk\b|\bвк\b|вконтакте|\bmax\b|рассылк|приложени|"
    r"канал|наш(ем|ей|у|а|их|и)? (сайт|паблик|групп|страниц|соцсет)",
    re.IGNORECASE,
)


# A sentence ends at . ! ? … (closing quotes or brackets may follow) before a blank and a
# capital letter, a digit or an opening quote (no NLP library in the structure step).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[»\"”)]*(\s+)(?=[«\"“(]?[A-ZА-ЯЁ0-9])")


def _sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of one line, the blanks between them left out."""
    sentences = []
    start = 0
    for found in _SENTENCE_BREAK.finditer(text):
        sentences.append((start, found.start(1)))
        start = found.end(1)
    sentences.append((start, len(text.rstrip())))
    return [(begin, end) for begin, end in sentences if end > begin]


def mixed_promo(text: str) -> bool:
    """A line where a promo sentence sits among sentences of the article («Губернатор подписал
    указ. Подписывайтесь на наш канал в Telegram.»): not furniture as a whole."""
    if not holds_promo(text):
        return False
    promo = {promo_sentence(text[start:stop]) for start, stop in _sentences(text)}
    return promo == {True, False}


def promo_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` ranges of ``text`` (one body line) to cut out as promo: each promo
    sentence that names one of the outlet's channels, with the blank that joined it to the
    rest, while other sentences remain (a line that is all promo is classified whole)."""
    if not (holds_promo(text) and _CHANNEL.search(text)):
        return []
    sentences = _sentences(text)
    promo = [promo_sentence(text[start:stop]) and bool(_CHANNEL.search(text[start:stop]))
             for start, stop in sentences]
    if all(promo) or not any(promo):
        return []
    spans: list[tuple[int, int]] = []
    for index, (start, stop) in enumerate(sentences):
        if not promo[index]:
            continue
        if index + 1 < len(sentences):
            spans.append((start, sentences[index + 1][0]))  # with the blank after it
        else:
            spans.append((sentences[index - 1][1], stop))  # with the blank before it
    return spans


# Capitalised credit markers («Фото: Анна Майорова © URA.RU», «... Фото:»), «(архивное фото)».
_CAPTION_MARK = re.compile(
    r"(?<![А-Яа-яЁё])(Фото|Фотография|Видео|Иллюстрация|Скриншот|Изображение|Коллаж|Кадр"
    r"|Инфографика|ФОТО|ВИДЕО)\s*(:|©|/)|\((архивное |иллюстративное )?фото\)|Фото\.?$",
)
_CREDIT_LINE = re.compile(
    r"^(©|\(c\)|\(с\)|copyright\b|источник\s*:|источник фото\s*:|автор фото\s*:|"
    r"(фото|фотография|видео|иллюстрация|скриншот|изображение|коллаж|инфографика)\s*[:©])",
    re.IGNORECASE,
)
_COMMENTS_HEADER = re.compile(
    r"^(комментари[ийя]( читателей| пользователей)?|обсуждение|отзывы читателей)"
    r"( \(?0+\)?)?$"
)
_TAGS_HEADER = re.compile(r"^(теги|тэги|метки|ключевые слова|темы)\s*:")
_TAGS_HEADER_ONLY = frozenset({"теги", "тэги", "метки", "ключевые слова"})
_SENTENCE_END = re.compile(r"[.!?…»\"”)]$")


def classify_line(text: str, norm: str, boilerplate: frozenset[str] = frozenset()) -> str | None:
    """The furniture kind of one line seen alone, or None when it may be article text."""
    words = word_count(text)
    if has_template(text):
        return "template"
    is_dateline, _ = dateline(text)
    if is_dateline:
        return DATELINE
    if not has_letters(text):
        return "debris"
    if words <= 40 and _CREDIT_LINE.search(text.lstrip()):
        return "credit"
    if words <= 60 and _CAPTION_MARK.search(text):
        return "caption"
    if words <= 12 and "©" in text:
        return "caption"
    if _COMMENTS_HEADER.fullmatch(norm):
        return COMMENTS_HEADER
    if norm in _TAGS_HEADER_ONLY:
        return TAGS_HEADER
    if words <= 30 and _TAGS_HEADER.match(norm):
        return "tag"
    if norm in _RELATED_LINES:
        return RELATED_HEADER
    if norm in _DEBRIS_LINES or (words <= 30 and _DEBRIS_PATTERNS.match(norm)):
        return "debris"
    if norm in _NAVIGATION_LINES:
        return "navigation"
    if (words <= 12 and len(_BREADCRUMB.findall(text)) >= 2
            and not _SENTENCE_END.search(text)):
        return "navigation"
    if words <= 50 and holds_promo(norm) and not mixed_promo(text):
        return "promo"
    if norm in boilerplate:
        return "navigation" if words <= 3 else "promo"
    return None


# Distinct lines a LineCounter holds at most (about 30 MB of short lines): 2,000 pages of 50
# lines each never reach it, so ordinary corpora are counted exactly.
LINE_CAPACITY = 100_000


class LineCounter:
    """In how many texts each normalised line occurs, in bounded memory.

    Lines longer than 300 characters are not counted (they are prose). When more than
    ``capacity`` distinct lines are held, the rarest are dropped until at most half of it is
    left (lossy counting): a line seen again later starts from 1, so counts never exceed the
    truth, and a line recurring in a share of the texts (the boilerplate) keeps its count.
    Until the capacity is reached, counts are exact.
    """

    def __init__(self, capacity: int = LINE_CAPACITY) -> None:
        self.capacity = max(2, capacity)
        self.texts = 0
        self._counts: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._counts)

    def add_text(self, text: str) -> None:
        self.texts += 1
        counts = self._counts
        for norm in {line.norm for line in split_lines(text)
                     if line.norm and len(line.text) <= 300}:
            counts[norm] = counts.get(norm, 0) + 1
        if len(counts) > self.capacity:
            self._prune()

    def _prune(self) -> None:
        keep = self.capacity // 2
        ranked = sorted(self._counts.values(), reverse=True)
        threshold = ranked[keep] if keep < len(ranked) else 0
        self._counts = {norm: count for norm, count in self._counts.items()
                        if count > threshold}

    def learned(self, min_docs: int = 3, min_share: float = 0.05) -> frozenset[str]:
        """Lines counted in at least ``min_docs`` texts and ``min_share`` of them."""
        if self.texts == 0:
            return frozenset()
        needed = max(min_docs, min_share * self.texts)
        return frozenset(norm for norm, count in self._counts.items() if count >= needed)


def learn_boilerplate(texts: Iterable[str], min_docs: int = 3, min_share: float = 0.05, *,
                      capacity: int = LINE_CAPACITY) -> frozenset[str]:
    """Normalised lines that recur in at least ``min_docs`` documents and ``min_share`` of them.

    Pass the result as ``boilerplate=`` to the cleaner/readers: those lines then never reach
    the analysed text. Lines longer than 300 characters are never learned (they are prose).
    One pass over ``texts``; at most ``capacity`` distinct lines are held (see
    :class:`LineCounter`), so memory does not grow with the corpus.
    """
    counter = LineCounter(capacity)
    for text in texts:
        counter.add_text(text)
    return counter.learned(min_docs, min_share)
