"""Plotly figures built from core objects; pure functions, no Streamlit."""
