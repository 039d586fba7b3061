"""Streamlit console of Juanping (pages and UI helpers only; domain logic lives in review/)."""
