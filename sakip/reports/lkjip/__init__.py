"""The LKjIP (Laporan Kinerja Instansi Pemerintah, PermenPANRB 53/2014; DOMAIN §6):
``compute`` reads the figures through the report loaders into plain data, ``drafts``
writes the narrative's first draft from them, ``checks`` compares what staff typed with
the figures, ``document`` lays the report out as a Document for the renderers."""
