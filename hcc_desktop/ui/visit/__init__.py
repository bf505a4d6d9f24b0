"""The five steps of serving one person (Lạc Phương §III.3): receive, papers, help, appointment, survey."""
