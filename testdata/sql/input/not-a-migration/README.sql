this is not SQL, and not named like a migration
