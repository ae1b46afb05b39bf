"""Following and filtering: tags a person follows or mutes, questions they watch."""
