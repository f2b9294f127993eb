"""connexion 3 apps written as connexion's users write them: the document first.

Each adds contractkit in at most three lines after its ``add_api`` calls.
"""
