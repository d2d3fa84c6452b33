"""The public follow-up site: the publication journal, what changed between publications, the pages."""
