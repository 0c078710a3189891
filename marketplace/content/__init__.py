"""The shop's content that both front ends show: pages (flatpages, Thai with English versions),
menus (the footer's columns, the category navbar) and the collections published in a channel."""
