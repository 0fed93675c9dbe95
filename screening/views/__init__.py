"""Views: validate input, call one service or selector, render."""
