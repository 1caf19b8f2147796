"""German and English texts of the gap report: section explanations, table titles, column headings."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "de": {
        "coverage": (
            "Abdeckung",
            "Wie viele Angebote gibt es je Gemeinde für jede Lebensphase und Zielgruppe? Eine 0 zeigt eine Lücke – "
            "oder fehlende Daten. Die Quote je 1.000 Einwohner macht Gemeinden unterschiedlicher Größe vergleichbar.",
        ),
        "transitions": (
            "Übergänge",
            "Kitas ohne erfasste Kooperation mit einer Grundschule: Hier ist der Übergang Kita–Schule nicht "
            "verabredet. Prüfen Sie, ob eine Kooperation besteht, aber noch nicht gemeldet ist.",
        ),
        "responsibilities": (
            "Zuständigkeiten",
            "Zuständigkeiten ohne Rechtsgrundlage und Kitas oder Schulen, für die weder Träger noch zuständige "
            "Stelle erfasst sind. Diese Lücken erschweren Planung und Ansprache.",
        ),
        "network": (
            "Netzwerkstruktur",
            "Isolierte Akteure haben weder Kooperation noch Netzwerkmitgliedschaft. Schnittpunkte sind Akteure, "
            "ohne die das Kooperationsnetz in Teile zerfällt – fällt einer aus, reißen Verbindungen ab.",
        ),
    },
    "en": {
        "coverage": (
            "Coverage",
            "How many offers does each municipality have for each life phase and target group? A 0 marks a gap – "
            "or missing data. The rate per 1,000 inhabitants makes municipalities of different size comparable.",
        ),
        "transitions": (
            "Transitions",
            "Kitas with no recorded cooperation with a primary school: the transition from Kita to school is not "
            "agreed there. Check whether a cooperation exists but has not been reported yet.",
        ),
        "responsibilities": (
            "Responsibilities",
            "Responsibilities without a legal basis, and Kitas or schools with neither an operator nor a "
            "responsible body recorded. These gaps make planning and outreach harder.",
        ),
        "network": (
            "Network structure",
            "Isolated actors have neither a cooperation nor a network membership. Articulation points are actors "
            "without whom the cooperation network falls apart – if one drops out, ties break.",
        ),
    },
}

TABLE_TITLES: dict[str, dict[str, str]] = {
    "de": {
        "coverage-life-phase": "Angebote je Lebensphase und Gemeinde",
        "coverage-target-group": "Angebote je Zielgruppe und Gemeinde",
        "missing-actor-types": "Gemeinden ohne Kita, Grundschule, Bibliothek oder VHS",
        "kita-without-transition": "Kitas ohne Kooperation mit einer Grundschule",
        "responsibility-without-legal-basis": "Zuständigkeiten ohne Rechtsgrundlage",
        "actors-without-responsibility": "Kitas und Schulen ohne Träger oder zuständige Stelle",
        "isolated-actors": "Isolierte Akteure",
        "articulation-points": "Schnittpunkte des Kooperationsnetzes",
        "bridges": "Brücken: Kooperationen, deren Wegfall das Netz teilt",
    },
    "en": {
        "coverage-life-phase": "Offers per life phase and municipality",
        "coverage-target-group": "Offers per target group and municipality",
        "missing-actor-types": "Municipalities without Kita, primary school, library or VHS",
        "kita-without-transition": "Kitas without a cooperation with a primary school",
        "responsibility-without-legal-basis": "Responsibilities without a legal basis",
        "actors-without-responsibility": "Kitas and schools without operator or responsible body",
        "isolated-actors": "Isolated actors",
        "articulation-points": "Articulation points of the cooperation network",
        "bridges": "Bridges: cooperations whose loss splits the network",
    },
}

COLUMNS: dict[str, dict[str, str]] = {
    "de": {
        "municipalityLabel": "Gemeinde",
        "ags": "AGS",
        "conceptLabel": "Kategorie",
        "offers": "Angebote",
        "population": "Einwohner",
        "per1000": "je 1.000 Einw.",
        "typeLabel": "Akteurstyp",
        "kitaLabel": "Kita",
        "responsibilityLabel": "Zuständigkeit",
        "agentLabel": "Zuständige Stelle",
        "actorLabel": "Akteur",
        "degree": "Kooperationspartner",
        "flag": "Hinweis",
        "aLabel": "Akteur A",
        "bLabel": "Akteur B",
    },
    "en": {
        "municipalityLabel": "Municipality",
        "ags": "AGS",
        "conceptLabel": "Category",
        "offers": "Offers",
        "population": "Inhabitants",
        "per1000": "per 1,000 inh.",
        "typeLabel": "Actor type",
        "kitaLabel": "Kita",
        "responsibilityLabel": "Responsibility",
        "agentLabel": "Responsible body",
        "actorLabel": "Actor",
        "degree": "Cooperation partners",
        "flag": "Note",
        "aLabel": "Actor A",
        "bLabel": "Actor B",
    },
}

UI: dict[str, dict[str, str]] = {
    "de": {
        "title": "Lückenanalyse der Bildungslandschaft",
        "county": "Gebiet (AGS)",
        "all": "gesamter Datenbestand",
        "none": "Keine Einträge – hier wurde keine Lücke gefunden.",
        "rows": "Zeile(n)",
        "chart": "Angebote je Lebensphase (Summe aller Gemeinden)",
        "offers": "Angebote",
        "zero": "keine",
        "low": "niedrig",
    },
    "en": {
        "title": "Gap analysis of the education landscape",
        "county": "Area (AGS)",
        "all": "whole store",
        "none": "No entries – no gap found here.",
        "rows": "row(s)",
        "chart": "Offers per life phase (sum over municipalities)",
        "offers": "Offers",
        "zero": "none",
        "low": "low",
    },
}


def lang_or_default(lang: str) -> str:
    """``en`` or ``de`` (anything else falls back to German)."""
    return "en" if lang == "en" else "de"
