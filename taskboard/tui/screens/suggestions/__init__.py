"""The residents' suggestions screen: the list, one suggestion's details, its form."""
