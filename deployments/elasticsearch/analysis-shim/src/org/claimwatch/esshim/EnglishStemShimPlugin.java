package org.claimwatch.esshim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * Test-only stand-in for the two English token filters of Elasticsearch's
 * analysis-common module that claimwatch's index template uses, for the
 * minimal integ-test distribution, which lacks that module: "porter_stem"
 * and "stemmer" with language english/porter/possessive_english. Both wrap
 * the same Lucene classes as analysis-common (PorterStemFilter,
 * EnglishPossessiveFilter). Never install it on a full distribution.
 */
public class EnglishStemShimPlugin extends Plugin implements AnalysisPlugin {

    private static TokenFilterFactory factory(String name, java.util.function.Function<TokenStream, TokenStream> f) {
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream in) {
                return f.apply(in);
            }
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "porter_stem", (indexSettings, env, name, settings) -> factory(name, PorterStemFilter::new),
            "stemmer", (indexSettings, env, name, settings) -> {
                String lang = settings.get("language", settings.get("name", "english")).toLowerCase(Locale.ROOT);
                switch (lang) {
                    case "english":
                    case "porter":
                        return factory(name, PorterStemFilter::new);
                    case "possessive_english":
                        return factory(name, EnglishPossessiveFilter::new);
                    default:
                        throw new IllegalArgumentException("claimwatch analysis shim: unsupported stemmer language [" + lang + "]");
                }
            }
        );
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(PreConfiguredTokenFilter.singleton("porter_stem", false, PorterStemFilter::new));
    }
}
