this is not SQL
