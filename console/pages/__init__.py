"""Console pages; each module has a ``render()`` that app.py registers with st.navigation."""
