"""Golden entity rows: each sentence's exact set of mentions (nested ones included), through
the whole pipeline. A row: ``sentence | LABEL text; LABEL text``."""

from __future__ import annotations

import pytest

GOLDEN = """
Депутаты облдумы обсудили бюджет.                        | ORG облдумы
Сотрудники минприроды региона проверили свалку.          | ORG минприроды региона
Прокуратура Свердловской области начала проверку.        | ORG Прокуратура Свердловской области; LOC Свердловской области
Проект реализуется министерством социальной политики региона. | ORG министерством социальной политики региона
Заседание комитета по бюджету Государственной Думы прошло в Москве. | ORG комитета по бюджету Государственной Думы; ORG Государственной Думы; LOC Москве
Министерство труда и социальной защиты РФ подготовило законопроект. | ORG Министерство труда и социальной защиты РФ; LOC РФ
Об этом сообщила пресс-служба губернатора Куйвашева.     | ORG пресс-служба губернатора Куйвашева; PER Куйвашева
Он родился в городе Феникс штата Аризона.                | LOC городе Феникс; LOC штата Аризона
Японское правительство и власти Германии договорились.   | ORG Японское правительство; LOC Японское; ORG власти Германии; LOC Германии
Решение поддержали в Евросоюзе.                          | ORG Евросоюзе
Посольство России в Токио выразило протест.              | ORG Посольство России в Токио; LOC России; LOC Токио
Комитет при прокуратуре возбудил дело.                   | ORG Комитет при прокуратуре
"""


def _rows() -> list[tuple[str, set[tuple[str, str]]]]:
    rows = []
    for line in GOLDEN.strip().splitlines():
        sentence, expected = (part.strip() for part in line.split("|"))
        rows.append((sentence, {tuple(item.strip().split(" ", 1))  # type: ignore[misc]
                                for item in expected.split(";")}))
    return rows


@pytest.mark.parametrize(("sentence", "expected"), _rows())
def test_exact_mentions(nlp, sentence: str, expected: set[tuple[str, str]]) -> None:
    doc = nlp(sentence)
    assert {(span.label_, span.text) for span in doc.spans["mentions"]} == expected
