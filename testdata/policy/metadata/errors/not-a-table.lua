return policy "t/v"
