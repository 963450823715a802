from tiltak.lib.slugs import norwegian_slug


def test_norwegian_letters_and_dashes_survive():
    assert norwegian_slug("Regjeringens handlingsplan mot menneskehandel (2011–2014)") == (
        "regjeringens-handlingsplan-mot-menneskehandel-2011-2014")
    assert norwegian_slug("Økt innsats på særlige områder") == "okt-innsats-pa-saerlige-omrader"


def test_slug_is_cut_at_a_word_boundary_dash():
    assert norwegian_slug("a" * 79 + " b", max_length=80) == "a" * 79
