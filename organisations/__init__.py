"""The ground floor: territories, organisations, policy parameters and the scope assignments."""
