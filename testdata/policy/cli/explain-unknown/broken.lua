return policy { id = "acme/broken" }
