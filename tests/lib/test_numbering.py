from tiltak.lib.numbering import natural_key


def test_numbers_sort_naturally():
    numbers = ["10", "2", "1", "3.10", "3.2", "35", "3", "12a", "12"]
    assert sorted(numbers, key=natural_key) == ["1", "2", "3", "3.2", "3.10", "10", "12", "12a", "35"]


def test_whitespace_and_case_do_not_matter():
    assert natural_key(" 4B ") == natural_key("4b")
