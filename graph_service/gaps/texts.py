"""German and English texts of the gap report: section explanations, table titles, column headings."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "de": {
        "coverage": (
            "Abdeckung",
            "Wie viele Angebote gibt es je Gemeinde für jede Lebensphase, Zielgruppe (Neuzugewanderte zuerst) und "
            "Angebotsart? Eine 0 zeigt eine Lücke – oder fehlende Daten. Die Quote je 1.000 Einwohner macht Gemeinden "
            "unterschiedlicher Größe vergleichbar; „niedrig“ heißt: unter {low_percent} % des Medians aller Gemeinden.",
        ),
        "transitions": (
            "Übergänge",
            "Kitas ohne erfasste Kooperation mit einer Grundschule und weiterführende Schulen ohne Partner für den "
            "Übergang in den Beruf (Kammer, Agentur für Arbeit, Jobcenter, berufsbildende Schule, Unternehmen): Hier "
            "ist der Übergang nicht verabredet. Prüfen Sie, ob eine Kooperation besteht, aber noch nicht gemeldet ist.",
        ),
        "responsibilities": (
            "Zuständigkeiten",
            "Zuständigkeiten ohne Rechtsgrundlage; Kitas, Schulen, Angebote, Standorte und Lebensphasen, für die "
            "niemand als zuständig erfasst ist; und zuständige Stellen, die im Gebiet ihrer Zuständigkeit weder "
            "Angebot noch Standort haben. Diese Lücken erschweren Planung und Ansprache.",
        ),
        "network": (
            "Netzwerkstruktur",
            "Isolierte Akteure haben weder Kooperation noch Netzwerkmitgliedschaft. Schnittpunkte sind Akteure, "
            "ohne die das Kooperationsnetz in Teile zerfällt – fällt einer aus, reißen Verbindungen ab. Vermittler "
            "sind der einzige Kooperationspartner anderer Akteure. Netzwerke und Gremien werden mit den "
            "Akteurstypen verglichen, die man in ihnen erwartet (einstellbar), und mit den Lebensphasen.",
        ),
        "data-quality": (
            "Datenqualität",
            "Je Quelle: wie viele Einträge eine Angabe nicht haben, die die Prüfregeln als Warnung oder Hinweis "
            "verlangen. Fehler kommen nicht in den Bestand; diese Lücken schon – hier lohnt sich Nacherfassung.",
        ),
    },
    "en": {
        "coverage": (
            "Coverage",
            "How many offers does each municipality have for each life phase, target group (newcomers first) and "
            "offer type? A 0 marks a gap – or missing data. The rate per 1,000 inhabitants makes municipalities of "
            "different size comparable; “low” means below {low_percent} % of the median of all municipalities.",
        ),
        "transitions": (
            "Transitions",
            "Kitas with no recorded cooperation with a primary school, and secondary schools without a partner for "
            "the transition to work (chamber, employment agency, Jobcenter, vocational school, company): the "
            "transition is not agreed there. Check whether a cooperation exists but has not been reported yet.",
        ),
        "responsibilities": (
            "Responsibilities",
            "Responsibilities without a legal basis; Kitas, schools, offers, sites and life phases nobody is "
            "recorded as responsible for; and responsible bodies with neither an offer nor a site in the area they "
            "are responsible for. These gaps make planning and outreach harder.",
        ),
        "network": (
            "Network structure",
            "Isolated actors have neither a cooperation nor a network membership. Articulation points are actors "
            "without whom the cooperation network falls apart – if one drops out, ties break. Brokers are the only "
            "cooperation partner of other actors. Networks and committees are compared with the actor types one "
            "expects in them (configurable) and with the life phases.",
        ),
        "data-quality": (
            "Data quality",
            "Per source: how many records lack a field that the validation rules ask for as a warning or hint. "
            "Errors never enter the store; these gaps do – this is where completing the data pays off.",
        ),
    },
}

TABLE_TITLES: dict[str, dict[str, str]] = {
    "de": {
        "coverage-life-phase": "Angebote je Lebensphase und Gemeinde",
        "coverage-target-group": "Angebote je Zielgruppe und Gemeinde",
        "coverage-offer-type": "Angebote je Angebotsart und Gemeinde",
        "missing-actor-types": "Gemeinden ohne einen Akteurstyp, der bei ihrer Größe erwartet wird",
        "municipalities-without-data": "Gemeinden ohne Daten",
        "kita-without-transition": "Kitas ohne Kooperation mit einer Grundschule",
        "school-without-vocational-partner": "Weiterführende Schulen ohne Partner für den Übergang in den Beruf",
        "offers-without-responsible": "Angebote und Standorte ohne zuständige Stelle",
        "life-phases-without-responsible": "Lebensphasen ohne zuständige Stelle",
        "responsible-without-presence": "Zuständige Stellen ohne Angebot oder Standort im Gebiet",
        "brokers": "Vermittler: einziger Kooperationspartner anderer Akteure",
        "network-missing-types": "Netzwerke ohne erwartete Akteurstypen",
        "network-missing-life-phases": "Netzwerke ohne Mitglied aus einer Lebensphase",
        "data-quality": "Fehlende Angaben je Quelle",
        "responsibility-without-legal-basis": "Zuständigkeiten ohne Rechtsgrundlage",
        "actors-without-responsibility": "Kitas und Schulen ohne Träger oder zuständige Stelle",
        "isolated-actors": "Isolierte Akteure",
        "articulation-points": "Schnittpunkte des Kooperationsnetzes",
        "bridges": "Brücken: Kooperationen, deren Wegfall das Netz teilt",
    },
    "en": {
        "coverage-life-phase": "Offers per life phase and municipality",
        "coverage-target-group": "Offers per target group and municipality",
        "coverage-offer-type": "Offers per offer type and municipality",
        "missing-actor-types": "Municipalities without an actor type expected at their size",
        "municipalities-without-data": "Municipalities without data",
        "kita-without-transition": "Kitas without a cooperation with a primary school",
        "school-without-vocational-partner": "Secondary schools without a partner for the transition to work",
        "offers-without-responsible": "Offers and sites without a responsible body",
        "life-phases-without-responsible": "Life phases without a responsible body",
        "responsible-without-presence": "Responsible bodies without an offer or site in their area",
        "brokers": "Brokers: the only cooperation partner of other actors",
        "network-missing-types": "Networks without expected actor types",
        "network-missing-life-phases": "Networks without a member from a life phase",
        "data-quality": "Missing fields per source",
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
        "schoolLabel": "Schule",
        "kindLabel": "Art",
        "itemLabel": "Angebot / Standort",
        "ownerLabel": "Einrichtung",
        "lifePhaseLabel": "Lebensphase",
        "areaLabel": "Gebiet",
        "dependents": "abhängige Akteure",
        "dependentLabels": "nur über diesen Vermittler verbunden",
        "networkLabel": "Netzwerk / Gremium",
        "rule": "Erwartung",
        "members": "Mitglieder",
        "missingLabels": "fehlt",
        "sourceLabel": "Quelle",
        "severityLabel": "Stufe",
        "message": "Was fehlt",
        "records": "Einträge",
        "missing": "ohne Angabe",
        "share": "Anteil %",
        "sizeClass": "Größenklasse",
        "actors": "Akteure",
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
        "schoolLabel": "School",
        "kindLabel": "Kind",
        "itemLabel": "Offer / site",
        "ownerLabel": "Organisation",
        "lifePhaseLabel": "Life phase",
        "areaLabel": "Area",
        "dependents": "Dependent actors",
        "dependentLabels": "Connected only through this broker",
        "networkLabel": "Network / committee",
        "rule": "Expectation",
        "members": "Members",
        "missingLabels": "Missing",
        "sourceLabel": "Source",
        "severityLabel": "Level",
        "message": "What is missing",
        "records": "Records",
        "missing": "Lacking",
        "share": "Share %",
        "sizeClass": "Size class",
        "actors": "Actors",
    },
}

UI: dict[str, dict[str, str]] = {
    "de": {
        "title": "Lückenanalyse der Bildungslandschaft",
        "county": "AGS",
        "all": "gesamter Datenbestand",
        "municipalities": "Gemeinden",
        "summary": "Die fünf wichtigsten Lücken",
        "to_table": "→ Tabelle",
        "flags_explained": (
            "„Lücke: kein Angebot“ heißt: Es liegen Daten für die Gemeinde vor, und bei ihrer Größe wird ein Angebot "
            "erwartet. „keine Daten“ heißt: Noch keine Quelle deckt die Gemeinde oder diese Kategorie ab – "
            "keine Aussage möglich. „nicht erwartet“: bei dieser Gemeindegröße kein Angebot vorgesehen."
        ),
        "none": "Keine Einträge – hier wurde keine Lücke gefunden.",
        "rows": "Zeile(n)",
        "chart": "Angebote je Lebensphase (Summe aller Gemeinden)",
        "offers": "Angebote",
        "zero": "Lücke: kein Angebot",
        "low": "niedrig",
        "no-data": "keine Daten",
        "not-expected": "nicht erwartet",
        "heatmap": (
            "Angebote nach Lebensphase und Gemeinde – Farbe: je 1.000 Einwohner, Zahl: Angebote, "
            "rote 0: keines, orange Rahmen: niedrig"
        ),
        "heatmap_subset": "Die {n} Gemeinden mit den meisten Lücken von {total}",
        "more_rows": "Weitere {n} Zeilen in der CSV-Datei.",
        "chart_target_group": "Angebote je Zielgruppe (Summe aller Gemeinden)",
        "contents": "Inhalt",
        "per1000": "je 1.000 Einw.",
        "generated": "Erstellt",
    },
    "en": {
        "title": "Gap analysis of the education landscape",
        "county": "AGS",
        "all": "whole store",
        "municipalities": "municipalities",
        "summary": "The five most important gaps",
        "to_table": "→ table",
        "flags_explained": (
            "“gap: no offer” means the municipality has data and an offer is expected at its size. “no data” means "
            "no source covers the municipality or this category yet – nothing can be said. “not expected”: no offer "
            "is foreseen at this size."
        ),
        "none": "No entries – no gap found here.",
        "rows": "row(s)",
        "chart": "Offers per life phase (sum over municipalities)",
        "offers": "Offers",
        "zero": "gap: no offer",
        "low": "low",
        "no-data": "no data",
        "not-expected": "not expected",
        "heatmap": (
            "Offers by life phase and municipality – colour: per 1,000 inhabitants, number: offers, "
            "red 0: none, orange frame: low"
        ),
        "heatmap_subset": "The {n} municipalities with the most gaps out of {total}",
        "more_rows": "{n} more rows in the CSV file.",
        "chart_target_group": "Offers per target group (sum over municipalities)",
        "contents": "Contents",
        "per1000": "per 1,000 inh.",
        "generated": "Generated",
    },
}


def lang_or_default(lang: str) -> str:
    """``en`` or ``de`` (anything else falls back to German)."""
    return "en" if lang == "en" else "de"
