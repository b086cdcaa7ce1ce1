"""Choosing evidence for each risk factor of a case: ranking candidates, folding editions,
selecting, weighing for the applicant, cautions, the respondent's sources and steering."""
