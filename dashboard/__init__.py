"""Streamlit dashboard over the warehouse."""
