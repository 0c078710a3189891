"""What ``manage.py load_demo_content`` puts in a demo shop besides the catalogue: the programmes'
trade fairs and campaigns as collections (``collections``) and the content pages (``pages``)."""
