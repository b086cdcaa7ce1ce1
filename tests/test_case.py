"""Case files: every broken rule is named with file, line, column, key and what was expected."""

import pytest
from conftest import EXAMPLES

GOOD = """case:
  reference: PA/01234/2026
  forum: uk-tribunal
  instructed_by: Example Law LLP
  instructions_date: 2026-10-01
  report_date: 2026-11-20
  questions:
    - Would the appellant be at risk on return to China?
applicant:
  name: 王小明
  anonymise: true
  country: CN
  year_of_birth: 1974
expert:
  name: Dr Example Expert
risk_factors:
  - factor: family-in-country
    facts: Police visited his parents in Beijing after he left.
"""


@pytest.fixture
def case_file(tmp_path):
    def write(text: str = GOOD, name: str = "case.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


def problems(run, path) -> str:
    result = run("validate", path)
    assert result.code == 2, result.out
    assert "Traceback" not in result.err
    return result.err


def test_a_good_case_validates(run, case_file):
    result = run("validate", case_file())
    assert result.code == 0 and "OK" in result.out


@pytest.mark.parametrize("old,new,expected", [
    ("applicant:\n", "applcant:\n", "case.yaml:9:1: unknown key 'applcant' (did you mean 'applicant'?)"),
    ("  reference:", "  refrence:", "case.yaml:2:3: case: unknown key 'refrence' (did you mean 'reference'?)"),
    ("  anonymise: true", "  anonymise: yes please", "case.yaml:11:14: applicant.anonymise: expected true or false, got 'yes please'"),
    ("  year_of_birth: 1974", "  year_of_birth: nineteen", "applicant.year_of_birth: expected a year such as 1974, got 'nineteen'"),
    ("  forum: uk-tribunal", "  forum: uk-tribunl", "unknown forum 'uk-tribunl'; expected one of uk-tribunal, us-immigration-court (did you mean 'uk-tribunal'?)"),
    ("  instructions_date: 2026-10-01", "  instructions_date: 1 October", "case.instructions_date: expected a date as YYYY-MM-DD, got '1 October'"),
    ("  country: CN", "  country: China", "applicant.country: expected an ISO 3166 alpha-2 country code such as CN, got 'China'"),
    ("  country: CN", "  country: CM", "no risk-factor taxonomy for 'CM' in the evidence library (available: "),
    ("factor: family-in-country", "factor: family-in-countyr", "case.yaml:17:13: risk_factors[1].factor: unknown risk factor 'family-in-countyr' for CN (did you mean 'family-in-country'?)"),
    ("    facts:", "    fact:", "risk_factors[1]: unknown key 'fact' (did you mean 'facts'?)"),
    ("  forum: uk-tribunal\n", "", "case: missing required key 'forum'"),
    ("  questions:\n    - Would the appellant be at risk on return to China?\n", "  questions: []\n", "expected a list of one or more questions"),
    ("  name: 王小明", "  name: [a, b]", "applicant.name: expected text, got a list"),
])
def test_each_rule_names_line_key_and_expectation(run, case_file, old, new, expected):
    assert old in GOOD
    assert expected in problems(run, case_file(GOOD.replace(old, new)))


def test_unknown_country_lists_taxonomies_and_suggests_the_nearest(run, case_file):
    """The list of available taxonomies grows with the library; only CN's presence is fixed."""
    message = problems(run, case_file(GOOD.replace("  country: CN", "  country: CM")))
    available = message.split("(available: ")[1].split(")")[0].split(", ")
    assert "CN" in available
    assert "(did you mean 'CN'?)" in message


def test_missing_sections(run, case_file):
    text = GOOD.split("expert:")[0]
    err = problems(run, case_file(text))
    assert "missing section 'expert:'" in err and "missing section 'risk_factors:'" in err


def test_all_problems_are_reported_at_once(run, case_file):
    err = problems(run, case_file(GOOD.replace("  anonymise: true", "  anonymise: maybe").replace("  reference:", "  refrence:")))
    assert err.count("case.yaml:") >= 3  # unknown key, missing reference, bad boolean


def test_empty_risk_factors_and_repeated_factor(run, case_file):
    assert "expected a list of one or more '- factor: ID' entries" in problems(
        run, case_file(GOOD.split("risk_factors:")[0] + "risk_factors: []\n"))
    twice = GOOD + "  - factor: family-in-country\n"
    assert "factor 'family-in-country' is listed twice" in problems(run, case_file(twice))


def test_invalid_yaml_points_at_the_line(run, case_file):
    err = problems(run, case_file(GOOD.replace("  forum: uk-tribunal", "  forum: [uk-tribunal")))
    assert "case.yaml:" in err and "not valid YAML" in err


def test_aliases_cannot_blow_up_memory(run, case_file):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    assert "YAML aliases (*name) are not allowed" in problems(run, case_file(bomb))


def test_absurd_size_is_refused(run, case_file):
    big = GOOD + "# " + "x" * 300_000 + "\n"
    assert "too large for a case file" in problems(run, case_file(big))


def test_empty_and_missing_files(run, case_file, tmp_path):
    assert "the case file is empty" in problems(run, case_file(""))
    assert "cannot read the case file" in problems(run, tmp_path / "nope.yaml")


def test_not_a_mapping(run, case_file):
    assert "expected a mapping of keys" in problems(run, case_file("- just\n- a list\n"))


def test_init_writes_a_case_that_validates_and_refuses_to_overwrite(run, tmp_path):
    target = tmp_path / "new.yaml"
    assert run("init", target).code == 0
    assert run("validate", target).code == 0
    again = run("init", target)
    assert again.code == 2 and "already exists" in again.err


def test_init_takes_a_firms_own_example_case_from_its_templates(run, tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    shipped = run("init", tmp_path / "shipped.yaml")
    assert shipped.code == 0
    own = (tmp_path / "shipped.yaml").read_text(encoding="utf-8").replace("instructed_by:", "# Firm LLP house example\ninstructed_by:", 1)
    (house / "case-example.yaml").write_text(own, encoding="utf-8")
    assert run("--templates", house, "init", tmp_path / "ours.yaml").code == 0
    assert "Firm LLP house example" in (tmp_path / "ours.yaml").read_text(encoding="utf-8")


def test_shipped_examples_validate(run):
    examples = sorted(EXAMPLES.glob("*.yaml"))
    assert len(examples) >= 3
    for path in examples:
        assert run("validate", path).code == 0, path


def test_raw_control_characters_are_a_clear_error(run, case_file):
    err = problems(run, case_file(GOOD.replace("Police visited", "Police\x07 visited")))
    assert "case.yaml:18: not valid YAML" in err


def test_optional_forum_fields_are_checked(run, case_file):
    bad = GOOD.replace("  report_date: 2026-11-20\n",
                       "  report_date: 2026-11-20\n  protection_sought: [asylum, torture]\n  country_guidance: not a list\n")
    bad = bad.replace("    facts: Police visited his parents in Beijing after he left.\n",
                      "    facts: Police visited his parents in Beijing after he left.\n    respondent_positon: x\n")
    err = problems(run, case_file(bad))
    assert "case.yaml:7:" in err and "unknown protection 'torture'" in err
    assert "case.country_guidance: expected a list of texts" in err
    assert "did you mean 'respondent_position'" in err
    good = GOOD.replace("  report_date: 2026-11-20\n",
                        "  report_date: 2026-11-20\n  protection_sought: [asylum, CAT]\n  hearing_location: Newark, NJ\n")
    assert run("validate", case_file(good, "good.yaml")).code == 0


def test_a_taxonomy_with_the_old_contrary_hints_is_refused_with_what_to_do(tmp_path):
    from reportgen.errors import TaxonomyError
    from reportgen.library.indexing.taxonomy import load_taxonomy
    path = tmp_path / "XL.yaml"
    path.write_text("country: XL\ncontrary: {phrases: [government denies]}\nfactors: []\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"XL.yaml: 'contrary' hints are no longer used.*delete the key"):
        load_taxonomy(path)
