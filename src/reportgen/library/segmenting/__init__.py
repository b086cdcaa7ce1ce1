"""Segmenting a source into evidence paragraphs: the one home of the rules for what is not
evidence (furniture, apparatus), with who a paragraph quotes and whose position it states."""
