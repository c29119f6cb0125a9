"""Updates: a message to the applicant on every change in their case that matters."""
