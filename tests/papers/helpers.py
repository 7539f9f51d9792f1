"""Building proposals the way the form and the service receive them."""

from papers.services import AuthorData, ProposalData


def proposal(event, **changes) -> ProposalData:
    values = {
        "title": "Citizens as Co-Producers",
        "abstract": "An abstract of a few words.",
        "keywords": list(event.keywords.all()[:2]),
        "authors": [AuthorData("Ada Author", "ada@example.org", "Univ A", True)],
    }
    values.update(changes)
    return ProposalData(**values)


def form_data(event, *, authors=None, **changes) -> dict:
    """POST data of the proposal form: the paper and its authors formset."""
    authors = (
        authors
        if authors is not None
        else [
            {
                "name": "Ada Author",
                "email": "ada@example.org",
                "affiliation": "Univ A",
                "is_presenter": "on",
            }
        ]
    )
    data = {
        "title": "Citizens as Co-Producers",
        "abstract": "An abstract of a few words.",
        "keywords": [k.pk for k in event.keywords.all()[:2]],
        "coauthors_agreed": "on",
        "token": "5b0e8f4e-0000-4000-8000-000000000001",
        "authors-TOTAL_FORMS": str(max(len(authors), 1)),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "12",
    }
    for index, author in enumerate(authors):
        for key, value in author.items():
            data[f"authors-{index}-{key}"] = value
    data.update(changes)
    return data
