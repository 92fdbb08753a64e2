"""Group an article's mentions into entities: ``span._.entity`` and ``doc._.entities``.

One record per referent. Mentions with the same label and normal form (case and ё/е folded)
are one record; a place found in the gazetteer is grouped and named by its canonical name
(«РФ», «России», «российские» → Россия) and carries its ``geo``. Then, in order:
- a mention in parentheses right after the widest mention of its label is that mention: an
  abbreviation or a transliteration («Министерство иностранных дел России (МИД)», «Джоэл
  Саймон (Joel Simon)»), unless it spells a nested one;
- ``alias_phrases``: a person named again after a cue of ``alias_cues`` is that person
  («Пеле (настоящее имя Эдсон Арантис ду Насименту)»);
- ``MERGE_RULES``, each a function of the records left so far:
  1. ``full_name_variants``: same first and last word, one name's words in the other
     («Джон Кеннеди», «Джон Фитцджеральд Кеннеди», «Джон Ф. Кеннеди»); common words NER took
     in before a name are no part of it («Сэр Алекс Фергюсон»);
  2. ``initialled_names``: initials and a surname join the one full name they abbreviate
     («А. Кудрин», «Дж. Ф. Кеннеди», «Михальчук И. Ф.»);
  3. ``misdeclined_names``: names differing only in case endings are one («Сергей Скрипаля»
     → «Сергей Скрипаль»): a declension error makes no record;
  4. ``reordered_names``: «Горлов Александр» is «Александр Горлов» (named first name first);
  5. ``names_within_names``: «Фидель Кастро» is «Фидель Алехандро Кастро Рус»;
  6. ``transliterated_names``: «Керри Фишер» is «Кэрри Фишер»;
  7. ``short_names``: a surname or first name alone («Бобиев», «Хабиба», «Земаном») or a
     first name and patronymic joins the one full name that has it; two people sharing a
     surname (father and son) keep it apart;
  8. ``gendered_namesake``: a surname alone that a man and a woman share is the one its
     sentences give the gender of («Клинтон заявила» → Хиллари Клинтон);
  9. ``leading_namesake``: a surname alone that several named people share is the one named
     first and most often («Баффет» beside «Уоррен Баффет» ×4 and «Говард Баффет» ×1);
  10. ``abbreviations``: an ORG or LOC abbreviation spells the initials of one longer name;
  11. ``nested_org_names``: «ИК Питер Траст» is «Питер Траст»;
  11a. ``coordinated_tails``: «департамент дорожной инфраструктуры» is the article's one
      «департамент дорожной инфраструктуры и транспорта Тюмени»;
  12. ``bare_body_heads``: a lowercase «министерство» alone joins the one ORG named with it;
  13. ``name_without_place``: «Конгресс» is the article's one «Конгресс США»;
  13a. ``city_club_names``: «Манчестер» and «Гэлакси» are the article's one «Манчестер
      Юнайтед» and «Лос-Анджелес Гэлакси»;
  14. ``familiar_first_names``: «Лёша Тихонов» is «Алексей Тихонов» (models/first_names.yaml);
  15. ``spelling_variants``: «Антониу Гутерриш» is «Антониу Гутерреш»;
  16. ``misspelled_surnames``: «Буров» alone is the article's one «Николай Бурков»;
  17. ``leading_adjectives``: «Суд Вены» is the article's one «Земельный суд Вены»;
  18. ``named_after_tails``: «МГУ» is the article's one «МГУ имени М. В. Ломоносова», «Театр
      Вахтангова» its one «Театр имени Вахтангова»;
  18b. ``eponym_adjectives``: «Вахтанговский театр» is the article's one «Театр (имени)
      Вахтангова»;
  18a. ``latin_legal_forms``: «Westinghouse Electric Co» is «Westinghouse Electric
      Corporation» and «Westinghouse Electric»;
  19. ``latin_name_parts``: «Sun» is the article's one «Sun Microsystems», «Dior» its one
      «Christian Dior»;
  20. ``quoted_inner_names``: «Новости» is «РИА «Новости»» (not «Голоса Америки» of «Русской
      службы «Голоса Америки»»);
  21. ``names_with_aliases``: «комиссия ЕС» is «комиссия Европейского союза» when ЕС and
      Европейский союз are one record;
  22. ``capitalised_heads``: «Курия» alone is the article's one «Римская курия»;
  23. ``misdeclined_places``: «Бенрата» is «Бенрат» (places the gazetteer does not know);
  24. ``compound_abbreviations``: «Демпартия» is the article's one «Демократическая партия»;
  25. ``po_tails``: «сборная России» is the article's one «сборная России по хоккею»;
  26. ``titled_names``: «Принц Уильям» is «Уильям», «Эмир Кустурица» is «Кустурица» (a one-word
      name with a title or common word NER took in before it);
  27. ``gendered_surname_forms``: «Завьяловой» alone is the article's one woman named
      Завьялова («Александра Завьялова» beside «Пётр Завьялов»);
  28. ``patronymic_surnames``: «Абрамович» alone is the article's one «Роман Абрамович» (a
      patronymic used alone is a surname);
  29. ``leading_first_namesake``: «Хулио» alone is the «Хулио Иглесиас» named first and most
      often, not «Хулио Иглесиас-младший»;
  30. ``adjective_names``: «Большого» alone is the article's one «Большой театр»;
  31. ``compound_tails``: «Дума» alone is the article's one «Госдума»;
  32. ``place_adjective_names``: «российская сборная» is the article's one «сборная России»;
  33. ``misdeclined_org_names``: «К-Телекома» is «К-Телеком» (a declension error makes no
      record);
  34. ``bare_street_names``: «на Савушкина, 55» is the article's one «улица Савушкина»;
  35. ``generation_names``: «Хинкли-младший» is the article's one «Джон Хинкли» (not when
      someone is named «-старший» too, or «сын …» introduces it);
  36. ``lone_names_written_alike``: «Пеле» guessed «Пела» is the article's one other «Пеле»;
  37. ``latin_spellings``: «Jonathan Ames» is the article's one «Джонатан Эймс» (the
      consonants of first name and surname sound alike);
  38. ``double_surnames``: «Джозеф Конрад» is the article's one «Джозеф Конрад-Коженевский»;
  39. ``short_names_again``: rule 7 once more, now that the rules before joined one person's
      full names («Осадчая» alone beside «Катерина Осадчая» and «Екатерина Осадчая»).
  40. ``middle_names_alone``: «Лула» is the article's one «Луис Инасиу Лула да Силва» (a word
      inside one long name and no other).
  41. ``anonymised_names``: «Вадиму Сергеевичу» and «К.» alone are the article's one «Вадим
      Сергеевич К.» (a court's first name, patronymic and surname initial).
  42. ``owner_left_out``: «комитет по финансовому рынку» is the article's one «комитет Госдумы
      по финансовому рынку».
  43. ``eponym_names``: «больница имени Пирогова» is the article's one «городская клиническая
      больница имени Н.И. Пирогова».
  44. ``dashed_names``: «Грузинская мечта» is the article's one «Грузинская мечта —
      Демократическая Грузия».
  45. ``acronym_with_owner``: «ИКИ» is the article's one «ИКИ РАН» (an acronym written with
      the acronym of the body it belongs to).
Records are named by their longest normal form (most words first), a person not by initials
when a first name is written out (by «И.И. Иванов» rather than «Иванов» alone), a misdeclined
form or a leading common word, and first name first («Иван Сергеевич Петров», not an
official list's «Петров Иван Сергеевич»); the other forms are ``aliases``. Ids follow first
mentions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..folding import fold
from ..lexicons.words import entity_words
from .abbreviations import spells
from .entity_groups import EntityGroup, is_abbreviation
from .extensions import mentions, register_extensions
from .latin_names import latin_spellings
from .org_merges import (
    abbreviations,
    acronym_with_owner,
    adjective_names,
    bare_body_heads,
    capitalised_heads,
    city_club_names,
    compound_abbreviations,
    compound_tails,
    coordinated_tails,
    dashed_names,
    eponym_adjectives,
    eponym_names,
    latin_legal_forms,
    latin_name_parts,
    leading_adjectives,
    misdeclined_org_names,
    name_without_place,
    named_after_tails,
    names_with_aliases,
    nested_org_names,
    owner_left_out,
    place_adjective_names,
    po_tails,
    quoted_inner_names,
)
from .person_merges import (
    anonymised_names,
    familiar_first_names,
    full_name_variants,
    gendered_namesake,
    gendered_surname_forms,
    initialled_names,
    leading_first_namesake,
    leading_namesake,
    lone_names_written_alike,
    middle_names_alone,
    misdeclined_names,
    misspelled_surnames,
    names_within_names,
    patronymic_surnames,
    reordered_names,
    short_names,
    short_names_again,
    spelling_variants,
    titled_names,
    transliterated_names,
)
from .place_merges import bare_street_names, misdeclined_places
from .surname_merges import double_surnames, generation_names
from .tokens import ends_before_parenthesis
from .trace import mark, tracing

__all__ = ["MERGE_RULES", "EntityGroup", "EntityGrouper", "group_mentions"]

_WORDS = entity_words()


def _group_key(label: str, name: str) -> str:
    """The folded name mentions are first grouped by; a place's hyphens are spaces
    («Сазерленд-Спрингс» and «Сазерленд Спрингс» are one town)."""
    key = fold(name)
    return " ".join(key.replace("-", " ").split()) if label == "LOC" else key


def group_mentions(spans: list[Span]) -> list[EntityGroup]:
    by_key: dict[tuple[str, str], EntityGroup] = {}
    group_of: dict[int, EntityGroup] = {}
    for position, span in enumerate(spans):
        known_place = span._.geo.get("name") if span._.geo else None
        key = (span.label_, _group_key(span.label_, known_place or span._.normal or span.text))
        group = by_key.setdefault(key, EntityGroup(span.label_, key[1]))
        group.mentions.append(span)
        group_of[position] = group
    groups = list(by_key.values())
    owner = {id(group): group for group in groups}  # an absorbed group points to its absorber

    def holder(group: EntityGroup) -> EntityGroup:
        while owner[id(group)] is not group:
            group = owner[id(group)]
        return group

    def live() -> list[EntityGroup]:
        return [group for group in groups if owner[id(group)] is group]

    traced = bool(spans) and tracing(spans[0].doc)

    def join(keep: EntityGroup, gone: EntityGroup, rule: str) -> None:
        keep, gone = holder(keep), holder(gone)
        if keep is not gone:
            if traced:  # ``nlp-extract explain``: which rule joined each mention to whom
                for span in gone.mentions:
                    mark(span.doc, rule, span, f"joins «{keep.mentions[0].text}»")
            keep.absorb(gone)
            owner[id(gone)] = keep

    for keep, gone in _parenthesised(spans):
        join(group_of[keep], group_of[gone], "parenthesised")
    for keep, gone in alias_phrases(spans):
        join(group_of[keep], group_of[gone], "alias_phrases")
    for rule in MERGE_RULES:  # in order: each sees the records the rules before it left
        for keep, gone in rule(live()):
            join(keep, gone, rule.__name__)
    return live()


def _parenthesised(spans: list[Span]) -> list[tuple[int, int]]:
    """A mention in parentheses belongs to the widest mention of its label that ends right
    before them («Министерство иностранных дел России (МИД)», not the nested «России»),
    unless it spells the initials of a nested one («исполнительный комитет Гражданской
    демократической партии (ГДП)» → the party) or the lexicon names a nested one by it
    («Совет управляющих Международного агентства по атомной энергии (МАГАТЭ)» → the
    agency); a place the gazetteer knows as another one is
    no alias («в Дюссельдорфе (ФРГ)»: where the city is)."""
    ending: dict[tuple[int, str], list[int]] = {}  # (end, label) → mentions, first start first
    for position, span in sorted(enumerate(spans), key=lambda item: item[1].start):
        ending.setdefault((span.end, span.label_), []).append(position)
    links = []
    owners: dict[tuple[int, str], int] = {}  # a parenthesised mention's end → its owner
    for position, inner in enumerate(spans):
        if inner.start < 2 or inner.doc[inner.start - 1].text != "(":
            continue
        after = inner.doc[inner.end:inner.end + 1].text if inner.end < len(inner.doc) else ""
        candidates = next((found for end in ends_before_parenthesis(inner.doc, inner.start - 1)
                           if (found := ending.get((end, inner.label_)))), [])
        chained = owners.get((inner.start - 2, inner.label_))
        if not candidates and chained is not None and inner.doc[inner.start - 2].text == ")":
            candidates = [chained]  # «Комитет … (КЗЖ) (Committee to Protect Journalists)»
        if not candidates or after not in (")", ","):
            continue
        spelled = [known for known in candidates
                   if is_abbreviation(inner) and spells(inner.text, spans[known].text)]
        if after == "," and not spelled:
            continue  # «(МКС, объединяет …)»: only the initials tell an alias from a list
        keep = (spelled or _named_alike(inner, [spans[known] for known in candidates],
                                        candidates) or candidates)[0]
        if _other_places(spans[keep], inner):
            continue  # «в Дюссельдорфе (ФРГ)»: the country says where the city is
        links.append((keep, position))
        owners[(inner.end, inner.label_)] = keep
    return links


def _named_alike(inner: Span, spans: list[Span], positions: list[int]) -> list[int]:
    """The positions of the ``spans`` that name the body or organisation the lexicon reads
    ``inner`` as (models/bodies.yaml, models/organisations.yaml): «Совет управляющих
    Международного агентства по атомной энергии (МАГАТЭ)» → the agency, whose initials
    «МАГАТЭ» does not spell."""
    from .keys import lemmas_and_texts, load_bodies

    bodies = load_bodies()
    body = bodies.named([inner.text])
    if body is None:
        return []
    return [position for span, position in zip(spans, positions, strict=True)
            if bodies.match(*lemmas_and_texts(span.doc, list(range(span.start, span.end))))
            == body]


def _other_places(outer: Span, inner: Span) -> bool:
    """The place in parentheses is one the gazetteer knows and the place before them is
    another or one it does not know («Дюссельдорф», «ФРГ»; not «Белоруссия», «Беларусь»)."""
    return outer.label_ == "LOC" and bool(inner._.geo) and outer._.geo != inner._.geo


_ALIAS_GAP = 8  # tokens at most between a name and its alias


def alias_phrases(spans: list[Span]) -> list[tuple[int, int]]:
    """A person named again right after a cue of ``alias_cues`` (models/entity_words.yaml),
    punctuation aside, is that person: «Пеле (настоящее имя Эдсон Арантис ду Насименту)»,
    «Ларри Кинг (Larry King), настоящее имя — Лоуренс Харви Зайгер», «Нур Вали Мехсуд (также
    известен как Абу Мансур Азим)»."""
    cues = _WORDS.alias_cues
    people = [(position, span) for position, span in enumerate(spans) if span.label_ == "PER"]
    links = []
    for (first_at, first), (second_at, second) in zip(people, people[1:], strict=False):
        if not 0 < second.start - first.end <= _ALIAS_GAP:
            continue
        words = tuple(fold(token.lemma_) for token in first.doc[first.end:second.start]
                      if not (token.is_punct or token.is_space))
        if words[:1] == ("также",):
            words = words[1:]
        if words in cues:
            links.append((first_at, second_at))
    return links


MERGE_RULES = (full_name_variants, initialled_names, misdeclined_names, reordered_names,
               names_within_names, transliterated_names, short_names, gendered_namesake,
               leading_namesake,
               abbreviations, nested_org_names, coordinated_tails, bare_body_heads,
               name_without_place,
               city_club_names,
               familiar_first_names, spelling_variants, misspelled_surnames, leading_adjectives,
               named_after_tails, eponym_adjectives, latin_legal_forms, latin_name_parts,
               quoted_inner_names,
               names_with_aliases,
               capitalised_heads, misdeclined_places, compound_abbreviations, po_tails,
               titled_names, gendered_surname_forms, patronymic_surnames,
               leading_first_namesake, adjective_names, compound_tails, place_adjective_names,
               misdeclined_org_names, bare_street_names, generation_names,
               lone_names_written_alike, latin_spellings, double_surnames, short_names_again,
               middle_names_alone, anonymised_names, owner_left_out, eponym_names,
               dashed_names, acronym_with_owner)


class EntityGrouper:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        groups = sorted(group_mentions(mentions(doc)),
                        key=lambda g: (g.mentions[0].start, g.mentions[0].end))
        records = []
        traced = tracing(doc)
        for number, group in enumerate(groups, start=1):
            entity_id = f"e{number}"
            for span in group.mentions:
                span._.entity = entity_id
            records.append({"id": entity_id, "label": group.label, "name": group.name,
                            "count": len(group.mentions), "aliases": group.aliases,
                            "geo": group.geo})
            for rule, name in group.named_by if traced else ():  # which rule named it so
                mark(doc, rule, group.mentions[0], f"names the record «{name}»")
        doc._.entities = records
        return doc


@Language.factory(
    "entity_grouper",
    assigns=["span._.entity", "doc._.entities"],
    requires=["span._.normal"],
)
def make_entity_grouper(nlp: Language, name: str) -> EntityGrouper:
    return EntityGrouper(nlp, name)
